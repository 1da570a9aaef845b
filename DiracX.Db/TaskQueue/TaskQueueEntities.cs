namespace DiracX.Db.TaskQueue;

/// <summary>A row of <c>tq_TaskQueues</c>: a queue of jobs with the same requirements (DIRAC's matcher).</summary>
public sealed class TaskQueue
{
    /// <summary>The queue's ID.</summary>
    public int TQId { get; set; }
    /// <summary>The owner of the queue's jobs.</summary>
    public string Owner { get; set; } = "";
    /// <summary>The owner's group.</summary>
    public string OwnerGroup { get; set; } = "";
    /// <summary>The owner's VO.</summary>
    public string VO { get; set; } = "";
    /// <summary>The CPU time segment of the queue.</summary>
    public long CPUTime { get; set; }
    /// <summary>The queue's share priority.</summary>
    public double Priority { get; set; }
    /// <summary>Whether pilots may match the queue.</summary>
    public bool Enabled { get; set; }
}

/// <summary>A row of <c>tq_Jobs</c>: a job waiting in a task queue.</summary>
public sealed class TaskQueueJob
{
    /// <summary>The queue.</summary>
    public int TQId { get; set; }
    /// <summary>The job (DiracX spells the column <c>JobId</c>).</summary>
    public long JobId { get; set; }
    /// <summary>The job's user priority.</summary>
    public int Priority { get; set; }
    /// <summary>The job's priority within the shares.</summary>
    public double RealPriority { get; set; }
}

/// <summary>A row of one of the <c>tq_TQTo*</c> tables: one value of a queue's requirement.</summary>
public abstract class TaskQueueValue
{
    /// <summary>The queue.</summary>
    public int TQId { get; set; }
    /// <summary>The value (a site, CE, platform, job type or tag).</summary>
    public string Value { get; set; } = "";
}

/// <summary>A row of <c>tq_TQToSites</c>.</summary>
public sealed class TaskQueueSite : TaskQueueValue;

/// <summary>A row of <c>tq_TQToGridCEs</c>.</summary>
public sealed class TaskQueueGridCE : TaskQueueValue;

/// <summary>A row of <c>tq_TQToBannedSites</c>.</summary>
public sealed class TaskQueueBannedSite : TaskQueueValue;

/// <summary>A row of <c>tq_TQToPlatforms</c>.</summary>
public sealed class TaskQueuePlatform : TaskQueueValue;

/// <summary>A row of <c>tq_TQToJobTypes</c>.</summary>
public sealed class TaskQueueJobType : TaskQueueValue;

/// <summary>A row of <c>tq_TQToTags</c>.</summary>
public sealed class TaskQueueTag : TaskQueueValue;
