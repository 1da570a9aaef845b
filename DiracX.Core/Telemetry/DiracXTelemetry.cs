using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace DiracX.Core.Telemetry;

/// <summary>
/// The one ActivitySource and Meter for DiracX's own spans and metrics (both named <c>DiracX</c>, exported by the
/// service defaults), and DiracX's instruments. The instruments are static and their tags few and bounded (an outcome,
/// a grant type, a reason), so recording costs nothing when no listener is attached.
/// </summary>
public static class DiracXTelemetry
{
    /// <summary>The name of the source and the meter, registered with OpenTelemetry by the service defaults.</summary>
    public const string Name = "DiracX";

    /// <summary>DiracX's spans.</summary>
    public static ActivitySource ActivitySource { get; } = new(Name, DiracXVersion.Current);

    /// <summary>DiracX's metrics.</summary>
    public static Meter Meter { get; } = new(Name, DiracXVersion.Current);

    /// <summary>Jobs inserted by submissions.</summary>
    public static Counter<long> JobsSubmitted { get; } =
        Meter.CreateCounter<long>("diracx.jobs.submitted", "{job}", "Jobs inserted by submissions");

    /// <summary>Job status reports, tagged <c>outcome</c> = <c>applied</c> (job found, report recorded) or <c>refused</c> (job not found).</summary>
    public static Counter<long> StatusChanges { get; } =
        Meter.CreateCounter<long>("diracx.jobs.status_changes", "{job}", "Job status changes applied or refused");

    /// <summary>Heartbeats received (one per job per request).</summary>
    public static Counter<long> Heartbeats { get; } =
        Meter.CreateCounter<long>("diracx.jobs.heartbeats", "{heartbeat}", "Job heartbeats received");

    /// <summary>Job commands (Kill...) handed to pilots with their heartbeats.</summary>
    public static Counter<long> CommandsDelivered { get; } =
        Meter.CreateCounter<long>("diracx.jobs.commands_delivered", "{command}", "Job commands delivered with heartbeats");

    /// <summary>How many jobs one Logic operation handled (tagged <c>operation</c>).</summary>
    public static Histogram<long> JobsPerRequest { get; } =
        Meter.CreateHistogram<long>("diracx.jobs.per_request", "{job}", "Jobs handled by one request, by operation");

    /// <summary>Tokens issued, tagged <c>grant_type</c>.</summary>
    public static Counter<long> TokenGrants { get; } =
        Meter.CreateCounter<long>("diracx.auth.token_grants", "{grant}", "Token grants issued");

    /// <summary>Token requests refused, tagged <c>grant_type</c> and <c>reason</c>.</summary>
    public static Counter<long> TokenGrantFailures { get; } =
        Meter.CreateCounter<long>("diracx.auth.token_grant_failures", "{grant}", "Token grants refused, by reason");

    /// <summary>Configuration refreshes that failed.</summary>
    public static Counter<long> ConfigRefreshFailures { get; } =
        Meter.CreateCounter<long>("diracx.config.refresh.failures", "{refresh}", "Configuration refreshes that failed");

    /// <summary>Starts a span for a Logic or Db operation (null, and free, when nobody listens).</summary>
    public static Activity? Start(string name) => ActivitySource.StartActivity(name, ActivityKind.Internal);

    /// <summary>Marks a span failed with the exception's type (not its message, which may quote a caller's input).</summary>
    public static void Fail(Activity? activity, Exception exception)
    {
        if (activity is not null)
        {
            activity.SetStatus(ActivityStatusCode.Error, exception.GetType().Name);
            activity.SetTag("error.type", exception.GetType().FullName);
        }
    }
}
