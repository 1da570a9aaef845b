using DiracX.Core.Configuration;
using DiracX.Core.Errors;

namespace DiracX.Logic.Auth;

/// <summary>What a valid scope asks for.</summary>
/// <param name="Vo">The VO.</param>
/// <param name="Group">The group (the VO's default group when the scope names none).</param>
/// <param name="Properties">The requested properties plus the group's, sorted ordinally.</param>
public sealed record ScopeInfo(string Vo, string Group, IReadOnlyList<string> Properties);

/// <summary>
/// DiracX's scope grammar (<c>parse_and_validate_scope</c>): space-separated <c>vo:&lt;vo&gt;</c> (exactly one),
/// <c>group:&lt;group&gt;</c> (at most one) and <c>property:&lt;property&gt;</c> (any number), with DiracX's messages.
/// </summary>
public static class ScopeParser
{
    /// <summary>Parses and checks a scope against the configuration and the installation's properties.</summary>
    /// <exception cref="DiracException">400 with DiracX's message when the scope is not valid.</exception>
    public static ScopeInfo Parse(string scope, Config config, IReadOnlySet<string> availableProperties)
    {
        ArgumentNullException.ThrowIfNull(scope);
        ArgumentNullException.ThrowIfNull(config);
        List<string> groups = [], properties = [], vos = [], unrecognised = [];
        foreach (var item in scope.Split(' ').Distinct(StringComparer.Ordinal))
        {
            var target = item.StartsWith("group:", StringComparison.Ordinal) ? groups
                : item.StartsWith("property:", StringComparison.Ordinal) ? properties
                : item.StartsWith("vo:", StringComparison.Ordinal) ? vos
                : null;
            if (target is null)
            {
                unrecognised.Add(item);
            }
            else
            {
                target.Add(item[(item.IndexOf(':', StringComparison.Ordinal) + 1)..]);
            }
        }
        if (unrecognised.Count > 0)
        {
            throw Invalid($"Unrecognised scopes: {PyList(unrecognised)}");
        }
        var vo = vos switch
        {
            [] => throw Invalid($"No vo scope requested, available values: {string.Join(' ', config.Registry.Keys.Select(v => PyStr($"vo:{v}")))}"),
            [var only] => only,
            _ => throw Invalid($"Only one vo is allowed but got {PyList(vos)}"),
        };
        if (!config.Registry.TryGetValue(vo, out var registry))
        {
            throw Invalid($"VO {vo} is not known to this installation");
        }
        var group = groups switch
        {
            [] => registry.DefaultGroup,
            [var only] => registry.Groups.ContainsKey(only) ? only : throw Invalid($"{only} not in {vo} groups"),
            _ => throw Invalid($"Only one DIRAC group allowed but got {PyList(groups)}"),
        };
        var all = new SortedSet<string>(properties, StringComparer.Ordinal);
        if (registry.Groups.TryGetValue(group, out var groupConfig))
        {
            all.UnionWith(groupConfig.Properties);
        }
        var unknown = all.Where(p => !availableProperties.Contains(p)).ToList();
        if (unknown.Count > 0)
        {
            throw Invalid($"{{{string.Join(", ", unknown.Select(PyStr))}}} are not valid properties");
        }
        return new ScopeInfo(vo, group, [.. all]);
    }

    private static DiracException Invalid(string message) => new(message);

    private static string PyList(IEnumerable<string> values) => $"[{string.Join(", ", values.Select(PyStr))}]";

    // Python's repr of a str: single quotes unless the text holds a single quote and no double quote.
    private static string PyStr(string value) =>
        value.Contains('\'', StringComparison.Ordinal) && !value.Contains('"', StringComparison.Ordinal)
            ? $"\"{value}\""
            : $"'{value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal)}'";
}
