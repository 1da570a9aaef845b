using System.Text.Json;
using System.Text.Json.Nodes;

namespace DiracX.Core.Configuration;

/// <summary>
/// Rules across fields that the shapes cannot express. DiracX does not check them, but tokens and job ownership
/// rely on them: group members must be users of the VO, the default group must exist, properties must be known,
/// and preferred usernames must be unique within a VO (jobs are owned by preferred username).
/// </summary>
internal static class RegistryRules
{
    public static void Check(JsonObject root, ConfigSchema schema, List<string> problems)
    {
        if (root["Registry"] is not JsonObject registry)
        {
            return;
        }
        foreach (var (vo, node) in registry)
        {
            if (node is not JsonObject entry)
            {
                continue;
            }
            var path = $"Registry.{vo}";
            var users = entry["Users"] as JsonObject;
            var groups = entry["Groups"] as JsonObject;
            if (groups is not null && Text(entry["DefaultGroup"]) is { } defaultGroup && !groups.ContainsKey(defaultGroup))
            {
                problems.Add($"{path}.DefaultGroup: group '{defaultGroup}' does not exist in VO {vo}");
            }
            CheckGroups(vo, groups, users, schema, problems);
            CheckUniqueUsernames(vo, users, problems);
        }
    }

    private static void CheckGroups(string vo, JsonObject? groups, JsonObject? users, ConfigSchema schema, List<string> problems)
    {
        foreach (var (name, node) in groups ?? [])
        {
            var path = $"Registry.{vo}.Groups.{name}";
            foreach (var property in Strings(node?["Properties"]).Where(p => !schema.Properties.Contains(p)))
            {
                problems.Add($"{path}.Properties: unknown property '{property}'");
            }
            if (users is null)
            {
                continue;
            }
            foreach (var member in Strings(node?["Users"]).Where(m => !users.ContainsKey(m)))
            {
                problems.Add($"{path}.Users: '{member}' is not a user of VO {vo}");
            }
        }
    }

    private static void CheckUniqueUsernames(string vo, JsonObject? users, List<string> problems)
    {
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (sub, node) in users ?? [])
        {
            if (Text(node?["PreferedUsername"]) is not { } username)
            {
                continue;
            }
            if (!owners.TryAdd(username, sub))
            {
                problems.Add($"Registry.{vo}.Users.{sub}.PreferedUsername: '{username}' is already the " +
                    $"PreferedUsername of user {owners[username]} (job ownership relies on it being unique in a VO)");
            }
        }
    }

    /// <summary>Makes every platform compatible with itself and sorts the lists (DiracX <c>ensure_self_compatibility</c>).</summary>
    public static void CompleteOsCompatibility(JsonObject root)
    {
        if (root["Resources"]?["Computing"]?["OSCompatibility"] is not JsonObject matrix)
        {
            return;
        }
        foreach (var platform in matrix.Select(p => p.Key).ToList())
        {
            var versions = Strings(matrix[platform]).Append(platform).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
            matrix[platform] = new JsonArray([.. versions.Select(v => (JsonNode)JsonValue.Create(v))]);
        }
    }

    private static string? Text(JsonNode? node) =>
        node is JsonValue && node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : null;

    private static IEnumerable<string> Strings(JsonNode? node) =>
        node is JsonArray array ? array.Select(Text).OfType<string>() : [];
}
