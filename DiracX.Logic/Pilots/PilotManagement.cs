using System.Globalization;
using DiracX.Core.Configuration;
using DiracX.Core.Errors;
using DiracX.Core.Models;
using DiracX.Core.Telemetry;
using DiracX.Db.Pilots;

namespace DiracX.Logic.Pilots;

/// <summary>
/// DiracX's pilot management (<c>logic/pilots/management.py</c>): registration, metadata, and the jobs a pilot ran.
/// Each is a fixed number of statements whatever the number of pilots or jobs.
/// </summary>
public static class PilotManagement
{
    /// <summary>
    /// Registers one pilot with DiracX's defaults (the reference is the stamp when absent). The stamp is unique in the
    /// database, so of two concurrent registrations of one stamp exactly one succeeds.
    /// </summary>
    /// <exception cref="RequestValidationException">422: a field is too long or too short, or the status is unknown.</exception>
    /// <exception cref="DiracException">400 when the VO is not in the configuration; 409 when the stamp exists.</exception>
    public static async Task RegisterPilotAsync(PilotRegistration pilot, Config config, PilotStores stores, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pilot);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(stores);
        using var activity = DiracXTelemetry.Start("diracx.pilots.register");
        pilot.Validate();
        if (!config.Registry.ContainsKey(pilot.Vo))
        {
            throw new DiracException($"Unknown VO: {pilot.Vo}");
        }
        var registered = await stores.Pilots.RegisterAsync(new NewPilot(pilot.PilotStamp, pilot.Vo, pilot.GridType, pilot.GridSite,
            pilot.DestinationSite, pilot.PilotReference ?? pilot.PilotStamp, pilot.PilotStatus), stores.Now(), cancellationToken);
        if (!registered)
        {
            throw new DiracException($"Pilot {pilot.PilotStamp} already exists", DiracErrorKind.Conflict);
        }
    }

    /// <summary>Sets the given fields of each pilot and its LastUpdateTime, in one statement.</summary>
    /// <exception cref="NotFoundException">404 naming the stamps that do not exist (nothing is changed).</exception>
    public static async Task UpdateMetadataAsync(IReadOnlyDictionary<string, PilotMetadata> updates, PilotStores stores, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(updates);
        ArgumentNullException.ThrowIfNull(stores);
        using var activity = DiracXTelemetry.Start("diracx.pilots.metadata");
        if (updates.Count == 0)
        {
            return;
        }
        var found = await stores.Pilots.UpdateMetadataAsync(updates, stores.Now(), cancellationToken);
        if (found.Count < updates.Count)
        {
            // The request's transaction rolls back: a batch with an unknown stamp changes nothing.
            throw new NotFoundException($"Pilot(s) not found: {PythonSet(updates.Keys.Where(s => !found.Contains(s)))}");
        }
    }

    /// <summary>
    /// Records that the pilot ran the jobs (ours: DiracX has <c>assign_jobs_to_pilot</c> in code only). Repeating a link
    /// is harmless.
    /// </summary>
    /// <exception cref="NotFoundException">404 when the pilot or any of the jobs does not exist, naming them.</exception>
    public static async Task AddPilotJobsAsync(PilotJobsLink link, PilotStores stores, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(link);
        ArgumentNullException.ThrowIfNull(stores);
        using var activity = DiracXTelemetry.Start("diracx.pilots.jobs");
        var ids = link.JobIds.Distinct().ToList();
        var known = await stores.Jobs.GetJobVosAsync(ids, cancellationToken);
        if (known.Count < ids.Count)
        {
            throw new NotFoundException($"Job(s) not found: {PythonSet(ids.Where(id => !known.ContainsKey(id)).Select(id => id.ToString(CultureInfo.InvariantCulture)), quote: false)}");
        }
        if (ids.Count == 0)
        {
            return;
        }
        await stores.Pilots.AddJobsAsync(link.PilotStamp, ids, stores.Now(), cancellationToken);
    }

    private static string PythonSet(IEnumerable<string> items, bool quote = true) =>
        "{" + string.Join(", ", items.Order(StringComparer.Ordinal).Select(i => quote ? $"'{i}'" : i)) + "}";
}
