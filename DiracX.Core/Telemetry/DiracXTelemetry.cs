using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace DiracX.Core.Telemetry;

/// <summary>The one ActivitySource and Meter for DiracX's own spans and metrics (both named <c>DiracX</c>).</summary>
public static class DiracXTelemetry
{
    /// <summary>The name of the source and the meter, registered with OpenTelemetry by the service defaults.</summary>
    public const string Name = "DiracX";

    /// <summary>DiracX's spans.</summary>
    public static ActivitySource ActivitySource { get; } = new(Name, DiracXVersion.Current);

    /// <summary>DiracX's metrics.</summary>
    public static Meter Meter { get; } = new(Name, DiracXVersion.Current);
}
