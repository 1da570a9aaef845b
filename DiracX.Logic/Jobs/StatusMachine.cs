namespace DiracX.Logic.Jobs;

/// <summary>
/// DIRAC's <c>JobsStateMachine</c> (DIRACCommon, applied by <c>getNewStatus</c>; inventory 3.10): from each status,
/// the statuses a job may move to. A refused move keeps the current status; from <c>Deleted</c> (no map, no default)
/// any status is accepted (quirk A3).
/// </summary>
public static class StatusMachine
{
    private static readonly Dictionary<string, string[]> s_allowed = new(StringComparer.Ordinal)
    {
        ["Killed"] = ["Deleted"],
        ["Failed"] = ["Rescheduled", "Deleted"],
        ["Done"] = ["Deleted"],
        ["Completed"] = ["Done", "Failed"],
        ["Completing"] = ["Done", "Failed", "Completed", "Stalled", "Killed"],
        ["Stalled"] = ["Running", "Failed", "Killed"],
        ["Running"] = ["Stalled", "Done", "Failed", "Rescheduled", "Completing", "Killed", "Received"],
        ["Rescheduled"] = ["Waiting", "Received", "Deleted", "Failed", "Killed"],
        ["Matched"] = ["Running", "Failed", "Rescheduled", "Killed"],
        ["Waiting"] = ["Matched", "Rescheduled", "Deleted", "Killed"],
        ["Staging"] = ["Checking", "Waiting", "Failed", "Killed"],
        ["Scouting"] = ["Checking", "Failed", "Stalled", "Killed"],
        ["Checking"] = ["Scouting", "Staging", "Waiting", "Rescheduled", "Failed", "Deleted", "Killed"],
        ["Received"] = ["Scouting", "Checking", "Staging", "Waiting", "Failed", "Deleted", "Killed"],
        ["Submitting"] = ["Received", "Checking", "Deleted", "Killed"],
    };

    /// <summary>The statuses in which a job's payload has finished (DIRAC's <c>JOB_FINAL_STATES</c>).</summary>
    public static IReadOnlySet<string> FinalStates { get; } = new HashSet<string>(["Done", "Completed", "Failed", "Killed"], StringComparer.Ordinal);

    /// <summary>
    /// Where a job in <paramref name="current"/> goes when asked for <paramref name="candidate"/>: the candidate
    /// when the move is allowed, otherwise the current status (every state's default is itself).
    /// </summary>
    public static string Next(string current, string candidate)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(candidate);
        if (!s_allowed.TryGetValue(current, out var allowed))
        {
            // Deleted (and any status unknown to the machine) has no map and no default: anything goes.
            return candidate;
        }
        return allowed.Contains(candidate, StringComparer.Ordinal) ? candidate : current;
    }
}
