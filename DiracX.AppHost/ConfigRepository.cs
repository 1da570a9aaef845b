using System.Diagnostics;
using System.Text;

namespace DiracX.AppHost;

/// <summary>
/// The development config repository: a git repository whose <c>default.yml</c> declares the VO <c>lhcb</c>, trusting
/// the DevIdp, with every DevIdp user registered by subject in the group <c>lhcb_user</c>.
/// </summary>
public static class ConfigRepository
{
    /// <summary>The development VO.</summary>
    public const string Vo = "lhcb";

    /// <summary>The VO's default group.</summary>
    public const string DefaultGroup = "lhcb_user";

    /// <summary>DiracX's <c>DIRACX_CONFIG_BACKEND_URL</c> for a local repository.</summary>
    public static string BackendUrl(string path) => "git+file://" + Path.GetFullPath(path);

    /// <summary>The content of <c>default.yml</c> (DiracX's schema: DIRAC, Registry, Operations).</summary>
    public static string DefaultYml(Uri idpUrl, string clientId, IReadOnlyList<DevUser> users)
    {
        var yml = new StringBuilder();
        yml.Append("DIRAC: {}\n")
            .Append("Registry:\n")
            .Append($"  {Vo}:\n")
            .Append("    IdP:\n")
            .Append($"      URL: {Quote(idpUrl.ToString().TrimEnd('/'))}\n")
            .Append($"      ClientID: {Quote(clientId)}\n")
            .Append("    Support:\n")
            .Append("      Email: \"lhcb-support@example.org\"\n")
            .Append("      Webpage: \"https://lhcb.example.org\"\n")
            .Append("      Message: \"DiracX development stack\"\n")
            .Append($"    DefaultGroup: {DefaultGroup}\n")
            .Append("    Users:\n");
        foreach (var user in users)
        {
            yml.Append($"      {Quote(user.Subject)}:\n")
                .Append($"        PreferedUsername: {Quote(user.Username)}\n")
                .Append($"        Email: {Quote(user.Email)}\n");
        }
        yml.Append("    Groups:\n")
            .Append($"      {DefaultGroup}:\n")
            .Append("        Properties: [NormalUser]\n")
            .Append($"        Users: [{string.Join(", ", users.Select(u => Quote(u.Subject)))}]\n")
            .Append("Operations:\n")
            .Append("  Defaults: {}\n");
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
