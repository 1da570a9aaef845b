using System.Text.Json.Nodes;
using DiracX.Core.Configuration;
using DiracX.Core.Security;

namespace DiracX.Api.Configuration;

/// <summary>
/// The operations behind <c>dirac internal</c> (DiracX <c>cli/internal/config.py</c>): create a configuration
/// repository and add VOs, groups and users to it. Each operation edits <c>default.yml</c>, validates the whole result
/// (nothing is committed if it is invalid) and commits with DiracX's message. Unlike DiracX, which rewrites the file
/// from its model, the file is edited as written, so <c>Operations.Defaults</c> and unset fields stay as they were.
/// </summary>
/// <param name="schema">The schema (with extension fields and properties) the result must satisfy.</param>
public sealed class ConfigRepositoryManager(ConfigSchema schema)
{
    /// <summary>Creates a git repository (branch <c>master</c>) with a minimal <c>default.yml</c>.</summary>
    /// <param name="configRepo">A <c>git+file://</c> URL or a path; the folder must not exist or be empty.</param>
    /// <returns>The sha of the initial commit.</returns>
    public async Task<string> GenerateConfigRepositoryAsync(string configRepo, CancellationToken cancellationToken)
    {
        var path = LocalPath(configRepo);
        if (Directory.Exists(path) && Directory.EnumerateFileSystemEntries(path).Any())
        {
            throw new ConfigException($"Directory {path} already exists");
        }
        Directory.CreateDirectory(path);
        await GitCli.RunAsync(path, ["init", "--quiet", "--initial-branch=master"], cancellationToken);
        var config = new JsonObject { ["DIRAC"] = new JsonObject(), ["Operations"] = new JsonObject(), ["Registry"] = new JsonObject() };
        return await CommitAsync(path, config, "Initial commit", cancellationToken);
    }

    /// <summary>Adds a VO with its identity provider and a default group granting <c>NormalUser</c>.</summary>
    /// <returns>The sha of the new commit.</returns>
    public async Task<string> AddVoAsync(string configRepo, string vo, string idpUrl, string idpClientId,
        string defaultGroup = "user", CancellationToken cancellationToken = default)
    {
        var path = LocalPath(configRepo);
        var config = await ReadAsync(path, cancellationToken);
        var registry = Section(config, "Registry");
        if (registry.ContainsKey(vo))
        {
            throw new ConfigException($"VO {vo} already exists");
        }
        registry[vo] = new JsonObject
        {
            ["IdP"] = new JsonObject { ["URL"] = idpUrl, ["ClientID"] = idpClientId },
            ["DefaultGroup"] = defaultGroup,
            ["Users"] = new JsonObject(),
            ["Groups"] = new JsonObject { [defaultGroup] = Group([SecurityProperty.NormalUser]) },
        };
        return await CommitAsync(path, config,
            $"Added vo {vo} registry (default group {defaultGroup} and idp {idpUrl})", cancellationToken);
    }

    /// <summary>Adds an empty group to a VO.</summary>
    /// <param name="properties">The properties it grants; <c>NormalUser</c> when none are given.</param>
    /// <returns>The sha of the new commit.</returns>
    public async Task<string> AddGroupAsync(string configRepo, string vo, string group,
        IReadOnlyList<string>? properties = null, CancellationToken cancellationToken = default)
    {
        var path = LocalPath(configRepo);
        var config = await ReadAsync(path, cancellationToken);
        var groups = Section(VoOf(config, vo), "Groups");
        if (groups.ContainsKey(group))
        {
            throw new ConfigException($"Group {group} already exists in {vo}");
        }
        groups[group] = Group(properties is { Count: > 0 } ? properties : [SecurityProperty.NormalUser]);
        return await CommitAsync(path, config, $"Added group {group} in {vo}", cancellationToken);
    }

    /// <summary>Adds a user to a VO and to groups of it.</summary>
    /// <param name="groups">The groups to join; the VO's default group when none are given.</param>
    /// <returns>The sha of the new commit.</returns>
    public async Task<string> AddUserAsync(string configRepo, string vo, string sub, string preferredUsername,
        IReadOnlyList<string>? groups = null, CancellationToken cancellationToken = default)
    {
        var path = LocalPath(configRepo);
        var config = await ReadAsync(path, cancellationToken);
        var registry = VoOf(config, vo);
        var users = Section(registry, "Users");
        if (users.ContainsKey(sub))
        {
            throw new ConfigException($"User {sub} already exists");
        }
        users[sub] = new JsonObject { ["PreferedUsername"] = preferredUsername };
        var joined = groups is { Count: > 0 } ? groups.Distinct().ToList() : [registry["DefaultGroup"]?.GetValue<string>() ?? ""];
        var allGroups = Section(registry, "Groups");
        foreach (var group in joined)
        {
            var members = allGroups[group]?["Users"] as JsonArray ?? throw new ConfigException($"Group {group} does not exist in {vo}");
            if (members.Any(m => m?.GetValue<string>() == sub))
            {
                throw new ConfigException($"User {sub} already exists in group {group}");
            }
            members.Add(sub);
        }
        var groupList = string.Join(", ", joined.Select(g => $"'{g}'"));
        return await CommitAsync(path, config,
            $"Added user {sub} ({preferredUsername}) to vo {vo} and groups [{groupList}]", cancellationToken);
    }

    private static JsonObject Group(IEnumerable<string> properties) => new()
    {
        ["Properties"] = new JsonArray([.. properties.Select(p => (JsonNode)JsonValue.Create(p))]),
        ["Users"] = new JsonArray(),
    };

    private static JsonObject VoOf(JsonObject config, string vo) =>
        Section(config, "Registry")[vo] as JsonObject ?? throw new ConfigException($"Virtual Organization {vo} does not exist");

    private static JsonObject Section(JsonObject parent, string key)
    {
        if (parent[key] is not JsonObject section)
        {
            parent[key] = section = new JsonObject();
        }
        return section;
    }

    /// <summary>The folder of a <c>git+file</c> repository; the management commands edit local repositories only.</summary>
    internal static string LocalPath(string configRepo)
    {
        var url = ConfigSourceUrl.Parse(configRepo);
        return url.IsLocal ? url.Location : throw new ConfigException("Only git+file:// URLs are supported");
    }

    private static async Task<JsonObject> ReadAsync(string path, CancellationToken cancellationToken)
    {
        var file = Path.Combine(path, GitConfigSource.ConfigFileName);
        if (!File.Exists(file))
        {
            throw new ConfigException($"{file} does not exist; create the repository with generate-cs first");
        }
        return ConfigYaml.Parse(await File.ReadAllTextAsync(file, cancellationToken)) as JsonObject
            ?? throw new ConfigValidationException(["(root): expected a mapping"]);
    }

    private async Task<string> CommitAsync(string path, JsonObject config, string message, CancellationToken cancellationToken)
    {
        var problems = ConfigParser.Validate(config, schema);
        if (problems.Count > 0)
        {
            throw new ConfigValidationException(problems);
        }
        await File.WriteAllTextAsync(Path.Combine(path, GitConfigSource.ConfigFileName), ConfigYaml.Serialize(config), cancellationToken);
        await GitCli.RunAsync(path, ["add", GitConfigSource.ConfigFileName], cancellationToken);
        await GitCli.RunAsync(path, [.. await IdentityAsync(path, cancellationToken), "commit", "--quiet", "-m", message], cancellationToken);
        return (await GitCli.RunAsync(path, ["rev-parse", "HEAD"], cancellationToken)).Trim();
    }

    /// <summary>A fallback committer for machines (containers, CI) where git has no identity configured.</summary>
    private static async Task<string[]> IdentityAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            await GitCli.RunAsync(path, ["config", "user.email"], cancellationToken);
            return [];
        }
        catch (ConfigSourceException)
        {
            return ["-c", "user.name=DiracX", "-c", "user.email=diracx@localhost"];
        }
    }
}
