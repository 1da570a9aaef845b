using System.Text;

namespace DiracX.Core.Settings;

/// <summary>Maps DiracX's environment variable names to .NET configuration keys.</summary>
public static class DiracXSettingNames
{
    /// <summary>The configuration section of DiracX's settings.</summary>
    public const string Section = "DiracX";

    private static readonly (string Prefix, string Section)[] s_prefixes =
    [
        ("DIRACX_SERVICE_AUTH_", "DiracX:Auth"),
        ("DIRACX_SANDBOX_STORE_", "DiracX:SandboxStore"),
        ("DIRACX_OTEL_", "DiracX:Otel"),
        ("DIRACX_TASKS_", "DiracX:Tasks"),
        ("DIRACX_DEV_", "DiracX:Dev"),
    ];

    /// <summary>
    /// Maps one environment variable; returns false when the name is not one of DiracX's server settings.
    /// Throws <see cref="InvalidOperationException"/> for a database URL that is not PostgreSQL.
    /// </summary>
    public static bool TryMap(string name, string value, out string key, out string mappedValue)
    {
        key = "";
        mappedValue = value;
        var upper = name.ToUpperInvariant();
        if (!upper.StartsWith("DIRACX_", StringComparison.Ordinal))
        {
            return false;
        }
        if (upper.StartsWith("DIRACX_DB_URL_", StringComparison.Ordinal))
        {
            key = "ConnectionStrings:" + upper["DIRACX_DB_URL_".Length..].ToLowerInvariant();
            mappedValue = PostgresUrl.ToConnectionString(name, value);
            return true;
        }
        if (upper == "DIRACX_TASKS_REDIS_URL")
        {
            key = "ConnectionStrings:redis";
            mappedValue = RedisUrl.ToConnectionString(value);
            return true;
        }
        if (upper.StartsWith("DIRACX_SERVICE_", StringComparison.Ordinal) && upper.EndsWith("_ENABLED", StringComparison.Ordinal))
        {
            var system = upper["DIRACX_SERVICE_".Length..^"_ENABLED".Length];
            if (system.Length > 0)
            {
                key = $"DiracX:Services:{Pascal(system)}:Enabled";
                return true;
            }
        }
        switch (upper)
        {
            case "DIRACX_CONFIG_BACKEND_URL":
                key = "DiracX:Config:BackendUrl";
                return true;
            case "DIRACX_LEGACY_EXCHANGE_HASHED_API_KEY":
                key = "DiracX:Auth:LegacyExchangeHashedApiKey";
                return true;
            case "DIRACX_TASKS_DUMMY_JOB_EXECUTOR_ENABLED":
                key = "DiracX:Tasks:DummyJobExecutor:Enabled";
                return true;
        }
        foreach (var (prefix, section) in s_prefixes)
        {
            if (upper.StartsWith(prefix, StringComparison.Ordinal) && upper.Length > prefix.Length)
            {
                key = $"{section}:{Pascal(upper[prefix.Length..])}";
                return true;
            }
        }
        return false;
    }

    // DiracX's settings whose type is a list or a mapping (inventory 9.3): their JSON value becomes a configuration
    // section. Every other setting is a string and keeps its value as given, even when it is JSON (an inline JWKS).
    private static readonly HashSet<string> s_structured = new(StringComparer.OrdinalIgnoreCase)
    {
        "DiracX:Auth:AllowedRedirects",
        "DiracX:Auth:TokenAllowedAlgorithms",
        "DiracX:Auth:AvailableProperties",
        "DiracX:SandboxStore:S3ClientKwargs",
        "DiracX:Http:CorsOrigins",
    };

    /// <summary>
    /// True when the setting mapped to <paramref name="key"/> is a list or a mapping (its JSON value is expanded into a
    /// configuration section); false for string settings, whose value is kept as it is whatever it looks like.
    /// </summary>
    public static bool IsStructured(string key) => s_structured.Contains(key);

    /// <summary>Turns <c>TOKEN_ISSUER</c> into <c>TokenIssuer</c>.</summary>
    public static string Pascal(string upperSnake)
    {
        var sb = new StringBuilder(upperSnake.Length);
        foreach (var part in upperSnake.Split('_', StringSplitOptions.RemoveEmptyEntries))
        {
            sb.Append(part[0]).Append(part[1..].ToLowerInvariant());
        }
        return sb.ToString();
    }
}
