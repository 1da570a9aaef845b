using System.Text.Json.Serialization;

namespace DiracX.Core.Models;

/// <summary>
/// The major status of a job, with DiracX's 15 values (<c>diracx.core.models.JobStatus</c>). DIRAC's
/// <c>Scouting</c> is deliberately absent, as in DiracX. Serialised as its name.
/// </summary>
[JsonConverter(typeof(JsonStringEnumConverter<JobStatus>))]
public enum JobStatus
{
    /// <summary>A parametric job waiting for its bulk submission to be confirmed.</summary>
    Submitting,
    /// <summary>Accepted by the job manager.</summary>
    Received,
    /// <summary>Being checked by the optimizers.</summary>
    Checking,
    /// <summary>Waiting for its input data to be staged.</summary>
    Staging,
    /// <summary>In a task queue, waiting for a pilot.</summary>
    Waiting,
    /// <summary>Picked by a pilot.</summary>
    Matched,
    /// <summary>Running on a worker node.</summary>
    Running,
    /// <summary>Running but no longer sending heartbeats.</summary>
    Stalled,
    /// <summary>Finishing (uploading outputs).</summary>
    Completing,
    /// <summary>Finished successfully.</summary>
    Done,
    /// <summary>Finished and its outputs are registered.</summary>
    Completed,
    /// <summary>Finished unsuccessfully.</summary>
    Failed,
    /// <summary>Deleted by its owner or an administrator.</summary>
    Deleted,
    /// <summary>Killed by its owner or an administrator.</summary>
    Killed,
    /// <summary>Sent back for another attempt.</summary>
    Rescheduled,
}
