namespace DiracX.Architecture.Tests;

/// <summary>
/// DiracX's module graph: core &lt;- db &lt;- logic &lt;- routers and tasks; core &lt;- client &lt;- api &lt;- cli.
/// Each project may reference only the projects listed for it; hosts and tooling sit on top.
/// </summary>
internal static class DependencyRules
{
    private static readonly string[] s_server = ["DiracX.Core", "DiracX.Db", "DiracX.Logic"];

    public static readonly IReadOnlyDictionary<string, string[]> Allowed = new Dictionary<string, string[]>
    {
        ["DiracX.Core"] = [],
        ["DiracX.Db"] = ["DiracX.Core"],
        ["DiracX.Logic"] = ["DiracX.Core", "DiracX.Db"],
        ["DiracX.Routers"] = [.. s_server, "DiracX.Tasks", "DiracX.ServiceDefaults"],
        ["DiracX.Tasks"] = [.. s_server, "DiracX.ServiceDefaults"],
        ["DiracX.MigrationService"] = ["DiracX.Core", "DiracX.Db", "DiracX.ServiceDefaults"],
        ["DiracX.ServiceDefaults"] = [],
        ["DiracX.DevIdp"] = ["DiracX.Core", "DiracX.ServiceDefaults"],
        ["DiracX.Client"] = ["DiracX.Core"],
        ["DiracX.Api"] = ["DiracX.Core", "DiracX.Client"],
        ["DiracX.Cli"] = ["DiracX.Core", "DiracX.Client", "DiracX.Api"],
        ["DiracX.Cli.Tool"] = ["DiracX.Cli"],
        ["DiracX"] = ["DiracX.Client", "DiracX.Api", "DiracX.Cli"],
        ["DiracX.AppHost"] = ["DiracX.Core", "DiracX.Routers", "DiracX.Tasks", "DiracX.MigrationService", "DiracX.DevIdp"],
        ["DiracX.Testing"] = [.. s_server, "DiracX.Routers", "DiracX.Tasks", "DiracX.MigrationService", "DiracX.DevIdp",
            "DiracX.ServiceDefaults", "DiracX.Client"],
    };

    /// <summary>Projects that must stay free of ASP.NET Core (DiracX: "should not depend on fastapi").</summary>
    public static readonly IReadOnlySet<string> FrameworkFree = new HashSet<string>(s_server);

    /// <summary>
    /// Projects that reach storage only through DiracX.Db's services: no EF Core, Npgsql or Redis client of their own.
    /// </summary>
    public static readonly IReadOnlySet<string> StorageFree = new HashSet<string> { "DiracX.Logic" };

    /// <summary>The package and assembly name prefixes of storage clients (EF Core, Npgsql, StackExchange.Redis, the AWS SDK).</summary>
    public static readonly IReadOnlyList<string> StoragePrefixes = ["Microsoft.EntityFrameworkCore", "Npgsql", "StackExchange.Redis", "Aspire.Npgsql", "Aspire.StackExchange.Redis", "AWSSDK"];

    /// <summary>Whether a package or assembly name is a storage client.</summary>
    public static bool IsStorageClient(string name) => StoragePrefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal));

    /// <summary>The client-side projects, which the AppHost must never reference (they are separate consumers).</summary>
    public static readonly IReadOnlySet<string> ClientSide = new HashSet<string> { "DiracX.Client", "DiracX.Api", "DiracX.Cli" };

    /// <summary>Every rule that the given project breaks, as messages; empty when it follows them all.</summary>
    public static IEnumerable<string> Violations(ProjectFile project)
    {
        if (!Allowed.TryGetValue(project.Name, out var allowed))
        {
            yield return $"{project.Name} is not a known DiracX module: add it to DependencyRules.Allowed with its place in the graph";
            yield break;
        }
        foreach (var reference in project.ProjectReferences)
        {
            if (project.Name == "DiracX.AppHost" && ClientSide.Contains(reference))
            {
                yield return $"DiracX.AppHost must not reference {reference}: the client side is a separate consumer";
            }
            else if (!allowed.Contains(reference))
            {
                yield return $"{project.Name} must not reference {reference} (allowed: {string.Join(", ", allowed)})";
            }
        }
        if (FrameworkFree.Contains(project.Name))
        {
            if (project.Sdk.Contains("Web", StringComparison.OrdinalIgnoreCase))
            {
                yield return $"{project.Name} must not use the web SDK ({project.Sdk})";
            }
            foreach (var f in project.FrameworkReferences.Where(f => f.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal)))
            {
                yield return $"{project.Name} must not reference ASP.NET Core ({f})";
            }
            foreach (var p in project.PackageReferences.Where(p => p.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal)))
            {
                yield return $"{project.Name} must not reference ASP.NET Core ({p})";
            }
        }
        if (StorageFree.Contains(project.Name))
        {
            foreach (var p in project.PackageReferences.Where(IsStorageClient))
            {
                yield return $"{project.Name} must not reference a storage client ({p}): use DiracX.Db's services";
            }
        }
        if (project.SetsVersion)
        {
            yield return $"{project.Name} sets its own version: the one version lives in Directory.Build.props";
        }
    }
}
