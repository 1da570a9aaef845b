using DiracX.Db.Jobs;
using DiracX.Db.Pilots;

namespace DiracX.Logic.Pilots;

/// <summary>The databases the pilot routes use, in the caller's unit of work, and the clock.</summary>
/// <param name="Pilots">PilotAgentsDB.</param>
/// <param name="Jobs">JobDB (which jobs exist, and their VOs).</param>
/// <param name="Time">The clock (SubmissionTime, LastUpdateTime, StartTime).</param>
public sealed record PilotStores(PilotAgentsDb Pilots, JobDb Jobs, TimeProvider Time)
{
    /// <summary>Now, to the microsecond PostgreSQL keeps.</summary>
    public DateTimeOffset Now()
    {
        var now = Time.GetUtcNow();
        return new DateTimeOffset(now.UtcTicks - now.UtcTicks % 10, TimeSpan.Zero);
    }
}
