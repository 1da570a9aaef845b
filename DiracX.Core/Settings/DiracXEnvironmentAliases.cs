using System.Collections;
using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace DiracX.Core.Settings;

/// <summary>
/// Honours DiracX's environment variable names (inventory 9.3) as aliases of the .NET configuration keys, so that a
/// DiracX deployment's environment works unchanged: <c>DIRACX_SERVICE_AUTH_TOKEN_ISSUER</c> is
/// <c>DiracX:Auth:TokenIssuer</c> (environment <c>DiracX__Auth__TokenIssuer</c>), <c>DIRACX_DB_URL_JOBDB</c> is
/// <c>ConnectionStrings:jobdb</c>, and so on. The JSON values of list and mapping settings
/// (<see cref="DiracXSettingNames.IsStructured"/>) are expanded into configuration sections; a string setting keeps its
/// value, even when it is JSON (<c>DIRACX_SERVICE_AUTH_TOKEN_KEYSTORE</c> holding the JWKS itself).
/// When both spellings are set and differ, loading fails naming both keys.
/// </summary>
public sealed class DiracXEnvironmentAliasesSource(IDictionary environment) : IConfigurationSource
{
    /// <inheritdoc />
    public IConfigurationProvider Build(IConfigurationBuilder builder) => new Provider(environment);

    private sealed class Provider(IDictionary environment) : ConfigurationProvider
    {
        public override void Load()
        {
            var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            var env = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            // IDictionary's own enumerator yields DictionaryEntry for any dictionary (a plain cast does not).
            var entries = environment.GetEnumerator();
            while (entries.MoveNext())
            {
                env[(string)entries.Key] = entries.Value as string;
            }
            foreach (var (name, value) in env)
            {
                if (value is not null && name.Contains("__", StringComparison.Ordinal)
                    && name.Replace("__", ":", StringComparison.Ordinal) is var dotnetKey && DiracXSettingNames.IsStructured(dotnetKey))
                {
                    // A list setting given with its .NET name as one JSON value (an Aspire parameter cannot be split).
                    Flatten(dotnetKey, value, data);
                    continue;
                }
                if (value is null || !DiracXSettingNames.TryMap(name, value, out var key, out var mapped))
                {
                    continue;
                }
                var dotnetName = key.Replace(":", "__", StringComparison.Ordinal);
                if (env.TryGetValue(dotnetName, out var other) && other is not null && other != mapped)
                {
                    throw new InvalidOperationException(
                        $"The environment sets both {name} and {dotnetName} to different values; set only one of them.");
                }
                Flatten(key, mapped, data);
            }
            Data = data;
        }

        private static void Flatten(string key, string value, Dictionary<string, string?> data)
        {
            var trimmed = value.TrimStart();
            if (DiracXSettingNames.IsStructured(key) && (trimmed.StartsWith('[') || trimmed.StartsWith('{')))
            {
                try
                {
                    using var doc = JsonDocument.Parse(value);
                    FlattenElement(key, doc.RootElement, data);
                    return;
                }
                catch (JsonException)
                {
                    // not JSON after all: keep the raw string
                }
            }
            data[key] = value;
        }

        private static void FlattenElement(string key, JsonElement element, Dictionary<string, string?> data)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.Array:
                    var i = 0;
                    foreach (var item in element.EnumerateArray())
                    {
                        FlattenElement($"{key}:{i++}", item, data);
                    }
                    break;
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                    {
                        FlattenElement($"{key}:{property.Name}", property.Value, data);
                    }
                    break;
                case JsonValueKind.String:
                    data[key] = element.GetString();
                    break;
                case JsonValueKind.Null:
                    data[key] = null;
                    break;
                default:
                    data[key] = element.GetRawText();
                    break;
            }
        }
    }
}

/// <summary>Adds DiracX's environment variable names to a configuration.</summary>
public static class DiracXEnvironmentAliasesExtensions
{
    /// <summary>Adds the aliases of <see cref="DiracXEnvironmentAliasesSource"/>, read from the process environment.</summary>
    public static IConfigurationBuilder AddDiracXEnvironmentAliases(this IConfigurationBuilder builder, IDictionary? environment = null) =>
        builder.Add(new DiracXEnvironmentAliasesSource(environment ?? Environment.GetEnvironmentVariables()));
}
