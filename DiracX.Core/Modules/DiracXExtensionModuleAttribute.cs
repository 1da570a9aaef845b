namespace DiracX.Core.Modules;

/// <summary>
/// Names one module of an extension assembly and the hosts that load it (the .NET counterpart of DiracX's entry-point
/// groups): <c>[assembly: DiracXExtensionModule(typeof(GubbinsRoutersModule), DiracXHosts.Routers)]</c>. Without a
/// host name the module is loaded by every host. The <see cref="ExtensionLoader"/> reads these attributes; an
/// extension assembly without any has every public <see cref="IDiracXModule"/> type loaded by every host.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
public sealed class DiracXExtensionModuleAttribute(Type moduleType, params string[] hosts) : Attribute
{
    /// <summary>The module type: public, implementing <see cref="IDiracXModule"/>, with a public parameterless constructor.</summary>
    public Type ModuleType { get; } = moduleType;

    /// <summary>The hosts that load the module (<see cref="DiracXHosts"/>); empty for every host.</summary>
    public IReadOnlyList<string> Hosts { get; } = hosts;
}

/// <summary>The names of DiracX's hosts, as an extension's <see cref="DiracXExtensionModuleAttribute"/> names them.</summary>
public static class DiracXHosts
{
    /// <summary>DiracX.Routers, the HTTP services.</summary>
    public const string Routers = "routers";

    /// <summary>DiracX.Tasks, the task worker and scheduler.</summary>
    public const string Tasks = "tasks";

    /// <summary>DiracX.MigrationService, which migrates every database context the modules register.</summary>
    public const string Migrations = "migrations";

    /// <summary>The <c>dirac</c> command.</summary>
    public const string Cli = "cli";
}
