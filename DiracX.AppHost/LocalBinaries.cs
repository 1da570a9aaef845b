namespace DiracX.AppHost;

/// <summary>Finds the machine programs that local mode runs, and names any that is missing.</summary>
public static class LocalBinaries
{
    /// <summary>True when the AppHost runs as root (postgres must then run as the postgres user).</summary>
    public static bool IsRoot => Environment.UserName == "root";

    /// <summary>The first existing <paramref name="name"/> on PATH or in <paramref name="extraFolders"/>, or null.</summary>
    public static string? Find(string name, params IEnumerable<string> extraFolders)
    {
        if (Path.IsPathRooted(name))
        {
            return File.Exists(name) ? name : null;
        }
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).Concat(extraFolders)
            .Select(dir => Path.Combine(dir, name)).FirstOrDefault(File.Exists);
    }

    /// <summary>Like <see cref="Find"/>, but a missing program is an error that says what to install.</summary>
    /// <exception cref="InvalidOperationException">The program is missing.</exception>
    public static string Require(string name, string why, string install, params IEnumerable<string> extraFolders) =>
        Find(name, extraFolders) ?? throw new InvalidOperationException(
            $"Infra:Mode=local needs '{name}' ({why}), which was not found on PATH" +
            (extraFolders.Any() ? $" or in {string.Join(", ", extraFolders)}" : "") +
            $". {install} Or run with --Infra:Mode=external and configured connection strings.");

    /// <summary>PostgreSQL's bin folder: <c>Infra:PostgresBin</c>, else the newest under /usr/lib/postgresql, else PATH.</summary>
    public static IReadOnlyList<string> PostgresFolders(string? configured) =>
        configured is not null ? [configured]
            : Directory.Exists("/usr/lib/postgresql")
                ? [.. Directory.GetDirectories("/usr/lib/postgresql").OrderDescending().Select(d => Path.Combine(d, "bin"))]
                : [];

    /// <summary>The command and leading arguments that run <paramref name="exe"/> as the postgres user when we are root.</summary>
    public static (string Command, string[] Prefix) AsPostgresUser(string exe) => IsRoot
        ? (Require("setpriv", "to run PostgreSQL as the postgres user when the AppHost runs as root", "Install util-linux."),
            ["--reuid=postgres", "--regid=postgres", "--init-groups", "--", exe])
        : (exe, []);
}
