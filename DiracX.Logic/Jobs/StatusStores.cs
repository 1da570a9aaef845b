using DiracX.Db.JobLogging;
using DiracX.Db.Jobs;
using DiracX.Db.Sandboxes;
using DiracX.Db.TaskQueue;
using Microsoft.Extensions.Logging;

namespace DiracX.Logic.Jobs;

/// <summary>The databases the status machinery writes, in the caller's unit of work, and its clock.</summary>
/// <param name="Jobs">JobDB.</param>
/// <param name="Logging">JobLoggingDB.</param>
/// <param name="TaskQueues">TaskQueueDB.</param>
/// <param name="Sandboxes">SandboxMetadataDB (job removal unassigns sandboxes).</param>
/// <param name="Time">The clock (LastUpdateTime, HeartBeatTime, command times).</param>
/// <param name="Log">Where the status machinery reports what it skipped (unknown jobs of a batch).</param>
public sealed record StatusStores(JobDb Jobs, JobLoggingDb Logging, TaskQueueDb TaskQueues, SandboxMetadataDb Sandboxes, TimeProvider Time, ILogger<StatusStores> Log)
{
    /// <summary>Now, to the microsecond PostgreSQL keeps (the time returned is the time stored).</summary>
    public DateTimeOffset Now()
    {
        var now = Time.GetUtcNow();
        return new DateTimeOffset(now.UtcTicks - now.UtcTicks % 10, TimeSpan.Zero);
    }
}
