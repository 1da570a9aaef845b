using System.Text.Json.Nodes;

namespace DiracX.Api.Configuration;

/// <summary>Builds one DiracX VO registry from DIRAC's single registry (groups tagged with <c>VO</c>, users by nickname).</summary>
internal static class LegacyRegistryConverter
{
    private static readonly string[] s_copiedRegistryKeys = ["DefaultStorageQuota", "DefaultProxyLifeTime"];

    public static JsonObject ConvertVo(string vo, JsonObject settings, JsonObject original, List<string> warnings)
    {
        var subjects = settings["UserSubjects"] as JsonObject ?? [];
        var entry = new JsonObject
        {
            ["IdP"] = new JsonObject { ["URL"] = settings["IdP"]!["URL"]!.DeepClone(), ["ClientID"] = settings["IdP"]!["ClientID"]!.DeepClone() },
            ["DefaultGroup"] = settings["DefaultGroup"]!.DeepClone(),
            ["Users"] = new JsonObject(),
            ["Groups"] = new JsonObject(),
            ["Support"] = settings["Support"]?.DeepClone() ?? new JsonObject(),
        };
        foreach (var key in s_copiedRegistryKeys.Where(original.ContainsKey))
        {
            entry[key] = original[key]!.DeepClone();
        }
        if (original["VO"]?[vo]?["VOMSName"] is { } vomsName)
        {
            entry["VOMSName"] = vomsName.DeepClone();
        }
        var members = ConvertGroups(vo, original["Groups"] as JsonObject ?? [], subjects, (JsonObject)entry["Groups"]!, warnings);
        ConvertUsers(original["Users"] as JsonObject ?? [], members, subjects, (JsonObject)entry["Users"]!);
        return entry;
    }

    /// <summary>Copies the groups of this VO, members translated to subjects; returns the nicknames of all members.</summary>
    private static HashSet<string> ConvertGroups(string vo, JsonObject groups, JsonObject subjects, JsonObject target, List<string> warnings)
    {
        var members = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, node) in groups)
        {
            if (node is not JsonObject group || !group.ContainsKey("VO"))
            {
                warnings.Add($"Can't convert group {name} because it is not associated to any VO");
                continue;
            }
            if (Text(group["VO"]) != vo)
            {
                continue;
            }
            var copy = new JsonObject();
            foreach (var (key, value) in group.Where(p => p.Key is not ("IdPRole" or "VO")))
            {
                copy[key] = value?.DeepClone();
            }
            var nicknames = Split(Text(group["Users"]));
            members.UnionWith(nicknames);
            copy["Users"] = new JsonArray([.. nicknames.Where(subjects.ContainsKey).Select(n => subjects[n]!.DeepClone())]);
            target[name] = copy;
        }
        return members;
    }

    private static void ConvertUsers(JsonObject users, HashSet<string> members, JsonObject subjects, JsonObject target)
    {
        foreach (var (nickname, node) in users)
        {
            if (!members.Contains(nickname) || Text(subjects[nickname]) is not { } subject || node is not JsonObject user)
            {
                continue;
            }
            var copy = (JsonObject)user.DeepClone();
            copy["PreferedUsername"] = nickname;
            // DNs of the failed OAuth2 attempt (/O=DIRAC/...) are dropped; the CA is not needed any more.
            var dns = Split(Text(copy["DN"])).Where(dn => !dn.StartsWith("/O=DIRAC/", StringComparison.Ordinal));
            copy.Remove("DN");
            copy.Remove("CA");
            copy["DNs"] = new JsonArray([.. dns.Select(dn => (JsonNode)JsonValue.Create(dn))]);
            target[subject] = copy;
        }
    }

    private static List<string> Split(string? value) =>
        value is null ? [] : [.. value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];

    private static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
