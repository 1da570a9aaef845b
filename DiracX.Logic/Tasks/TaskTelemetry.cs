using System.Diagnostics.Metrics;
using DiracX.Core.Telemetry;

namespace DiracX.Logic.Tasks;

/// <summary>The tasks' metrics, tagged with <c>task</c>, on DiracX's meter.</summary>
public static class TaskTelemetry
{
    /// <summary>Attempts finished (tag <c>outcome</c>: succeeded, retried, failed, released).</summary>
    public static Counter<long> Runs { get; } = DiracXTelemetry.Meter.CreateCounter<long>("diracx.tasks.runs", description: "Task attempts, by outcome");

    /// <summary>Attempts that failed (retried or not).</summary>
    public static Counter<long> Failures { get; } = DiracXTelemetry.Meter.CreateCounter<long>("diracx.tasks.failures", description: "Failed task attempts");

    /// <summary>How long an attempt ran.</summary>
    public static Histogram<double> Duration { get; } = DiracXTelemetry.Meter.CreateHistogram<double>("diracx.tasks.duration", "s", "Task attempt duration");

    /// <summary>How late an attempt started after it was due (behind its schedule for a periodic run).</summary>
    public static Histogram<double> Lag { get; } = DiracXTelemetry.Meter.CreateHistogram<double>("diracx.tasks.lag", "s", "Delay between due time and start");
}
