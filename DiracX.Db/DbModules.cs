using DiracX.Core.Modules;

namespace DiracX.Db;

/// <summary>
/// DiracX's modules that own database contexts, in registration order: the migration service migrates every context
/// they register. Each system adds its module here when it gains tables.
/// </summary>
public static class DbModules
{
    /// <summary>Every built-in module with databases.</summary>
    public static IReadOnlyList<IDiracXModule> BuiltIn { get; } =
        [new Auth.AuthDbModule(), new Jobs.JobDbModule(), new Pilots.PilotAgentsDbModule(), new ResourceStatus.ResourceStatusDbModule(), new Tasks.TaskDbModule()];
}
