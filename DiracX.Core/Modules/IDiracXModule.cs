namespace DiracX.Core.Modules;

/// <summary>
/// A DiracX system or extension (DiracX's entry points). Each host (routers, tasks, CLI, migration service) calls
/// <see cref="Register"/> on every module in order; a module fills the registries the host uses — routes, databases,
/// access policies, security properties, config schema, tasks, CLI commands. Later modules override earlier ones where
/// a registry is keyed (a route by method and path, a policy or database by name), so an extension listed after
/// DiracX replaces what it redefines.
/// </summary>
public interface IDiracXModule
{
    /// <summary>
    /// The system name (<c>jobs</c>, <c>auth</c>, ...). A system can be switched off with
    /// <c>DIRACX_SERVICE_&lt;NAME&gt;_ENABLED=false</c> (configuration <c>DiracX:Services:&lt;Name&gt;:Enabled</c>).
    /// </summary>
    string Name { get; }

    /// <summary>Adds this module's contributions to the registries of the host.</summary>
    void Register(DiracXModuleContext context);
}
