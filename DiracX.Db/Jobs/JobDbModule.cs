using DiracX.Core.Modules;
using DiracX.Db.Infrastructure;
using DiracX.Db.JobLogging;
using DiracX.Db.Sandboxes;
using DiracX.Db.TaskQueue;

namespace DiracX.Db.Jobs;

/// <summary>
/// The databases of DiracX's jobs system: JobDB, JobLoggingDB, TaskQueueDB and SandboxMetadataDB, and their
/// services (<see cref="JobDb"/>, <see cref="JobLoggingDb"/>, <see cref="TaskQueueDb"/>, <see cref="SandboxMetadataDb"/>). An extension replaces a service by
/// registering its subclass for the same type after this module.
/// </summary>
public sealed class JobDbModule : IDiracXModule
{
    /// <inheritdoc />
    public string Name => "jobs";

    /// <inheritdoc />
    public void Register(DiracXModuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Registry<DatabaseRegistry>()
            .AddContext<JobDbContext>(DbNames.JobDb)
            .AddContext<JobLoggingDbContext>(DbNames.JobLoggingDb)
            .AddContext<TaskQueueDbContext>(DbNames.TaskQueueDb)
            .AddContext<SandboxMetadataDbContext>(DbNames.SandboxMetadataDb)
            .AddService<JobDb>()
            .AddService<JobLoggingDb>()
            .AddService<TaskQueueDb>()
            .AddService<SandboxMetadataDb>();
    }
}
