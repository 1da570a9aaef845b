using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using DiracX.Core.Telemetry;

namespace DiracX.Tasks.Tests;

/// <summary>One measurement of a DiracX instrument, with its tags.</summary>
public sealed record Measurement(string Instrument, double Value, IReadOnlyDictionary<string, object?> Tags);

/// <summary>
/// Listens to DiracX's spans and metrics (and the spans of <paramref name="otherSources"/>) while it lives. Listeners
/// are process-wide, so tests read only what concerns their own task names.
/// </summary>
public sealed class TelemetryCapture : IDisposable
{
    private readonly ActivityListener _activities;
    private readonly MeterListener _meters = new();
    private readonly ConcurrentQueue<Activity> _spans = new();
    private readonly ConcurrentQueue<Measurement> _measurements = new();

    public TelemetryCapture(params string[] otherSources)
    {
        _activities = new ActivityListener
        {
            ShouldListenTo = s => s.Name == DiracXTelemetry.Name || otherSources.Contains(s.Name),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = _spans.Enqueue,
        };
        ActivitySource.AddActivityListener(_activities);
        _meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == DiracXTelemetry.Name && instrument.Name.StartsWith("diracx.tasks.", StringComparison.Ordinal))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _meters.SetMeasurementEventCallback<long>((i, v, tags, _) => Add(i, v, tags));
        _meters.SetMeasurementEventCallback<double>((i, v, tags, _) => Add(i, v, tags));
        _meters.Start();
    }

    /// <summary>The spans stopped so far.</summary>
    public IReadOnlyList<Activity> Spans => [.. _spans];

    /// <summary>The task measurements of <paramref name="task"/> so far.</summary>
    public IReadOnlyList<Measurement> Of(string task) => [.. _measurements.Where(m => Equals(m.Tags.GetValueOrDefault("task"), task))];

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var (k, v) in tags)
        {
            copy[k] = v;
        }
        _measurements.Enqueue(new Measurement(instrument.Name, value, copy));
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _activities.Dispose();
        _meters.Dispose();
    }
}
