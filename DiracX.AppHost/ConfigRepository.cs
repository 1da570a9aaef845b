using System.Diagnostics;
using System.Text;

namespace DiracX.AppHost;

/// <summary>
/// The development config repository: a git repository whose <c>default.yml</c> declares the VOs <c>lhcb</c> and
/// <c>gridpp</c>, both trusting the DevIdp, with every DevIdp user registered by subject in its VO and groups.
/// </summary>
public static class ConfigRepository
{
    /// <summary>The development VO.</summary>
    public const string Vo = "lhcb";

    /// <summary>A second VO (its users must never see the first VO's jobs).</summary>
    public const string SecondVo = "gridpp";

    /// <summary>The development VO's default group.</summary>
    public const string DefaultGroup = "lhcb_user";

    /// <summary>The properties of each group, by the part of its name after the VO (<c>lhcb_admin</c> is <c>admin</c>).</summary>
    public static IReadOnlyDictionary<string, string[]> GroupProperties { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["user"] = ["NormalUser"],
        ["admin"] = ["JobAdministrator"],
        ["service"] = ["ServiceAdministrator"],
        ["pilot"] = ["GenericPilot", "LimitedDelegation"],
    };

    /// <summary>A VO's default group: <c>&lt;vo&gt;_user</c>.</summary>
    public static string DefaultGroupOf(string vo) => $"{vo}_user";

    /// <summary>DiracX's <c>DIRACX_CONFIG_BACKEND_URL</c> for a local repository.</summary>
    public static string BackendUrl(string path) => "git+file://" + Path.GetFullPath(path);

    /// <summary>The content of <c>default.yml</c> (DiracX's schema: DIRAC, Registry, Operations).</summary>
    public static string DefaultYml(Uri idpUrl, string clientId, IReadOnlyList<DevUser> users)
    {
        var yml = new StringBuilder();
        yml.Append("DIRAC: {}\n").Append("Registry:\n");
        foreach (var vo in users.Select(u => u.Vo).Prepend(Vo).Distinct(StringComparer.Ordinal))
        {
            var members = users.Where(u => u.Vo == vo).ToList();
            yml.Append($"  {vo}:\n")
                .Append("    IdP:\n")
                .Append($"      URL: {Quote(idpUrl.ToString().TrimEnd('/'))}\n")
                .Append($"      ClientID: {Quote(clientId)}\n")
                .Append("    Support:\n")
                .Append($"      Email: \"{vo}-support@example.org\"\n")
                .Append($"      Webpage: \"https://{vo}.example.org\"\n")
                .Append("      Message: \"DiracX development stack\"\n")
                .Append($"    DefaultGroup: {DefaultGroupOf(vo)}\n")
                .Append(members.Count == 0 ? "    Users: {}\n" : "    Users:\n");
            foreach (var user in members)
            {
                yml.Append($"      {Quote(user.Subject)}:\n")
                    .Append($"        PreferedUsername: {Quote(user.Username)}\n")
                    .Append($"        Email: {Quote(user.Email)}\n");
            }
            yml.Append("    Groups:\n");
            var groups = members.SelectMany(u => u.Groups).Prepend(DefaultGroupOf(vo)).Distinct(StringComparer.Ordinal);
            foreach (var group in groups)
            {
                var role = group.StartsWith(vo + "_", StringComparison.Ordinal) ? group[(vo.Length + 1)..] : group;
                var properties = GroupProperties.TryGetValue(role, out var p) ? p : ["NormalUser"];
                yml.Append($"      {group}:\n")
                    .Append($"        Properties: [{string.Join(", ", properties)}]\n")
                    .Append($"        Users: [{string.Join(", ", members.Where(u => u.Groups.Contains(group)).Select(u => Quote(u.Subject)))}]\n");
            }
        }
        yml.Append("Operations:\n").Append("  Defaults: {}\n");
        return yml.ToString();
    }

    /// <summary>
    /// Creates the repository (branch <c>master</c>, as DiracX reads by default) and commits <paramref name="defaultYml"/>
    /// when it differs from what is committed; returns true when a commit was made.
    /// </summary>
    public static async Task<bool> EnsureAsync(string path, string defaultYml, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(path);
        if (!Directory.Exists(Path.Combine(path, ".git")))
        {
            await GitAsync(path, cancellationToken, "init", "--quiet", "--initial-branch=master");
        }
        var file = Path.Combine(path, "default.yml");
        if (File.Exists(file) && await File.ReadAllTextAsync(file, cancellationToken) == defaultYml)
        {
            return false;
        }
        await File.WriteAllTextAsync(file, defaultYml, cancellationToken);
        await GitAsync(path, cancellationToken, "add", "default.yml");
        await GitAsync(path, cancellationToken, "-c", "user.name=DiracX AppHost", "-c", "user.email=apphost@diracx.invalid",
            "commit", "--quiet", "-m", "Development configuration (DevIdp users and URL)");
        return true;
    }

    private static string Quote(string value) => "\"" + value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private static async Task GitAsync(string workingDirectory, CancellationToken cancellationToken, params string[] args)
    {
        var git = LocalBinaries.Require("git", "to create the development config repository", "Install git (apt-get install git).");
        var psi = new ProcessStartInfo(git, args)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("git could not be started.");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"git {string.Join(' ', args)} failed in {workingDirectory}: {await output}{await error}");
        }
    }
}
