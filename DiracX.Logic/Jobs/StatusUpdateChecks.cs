using DiracX.Core.Errors;
using DiracX.Db.Jobs;

namespace DiracX.Logic.Jobs;

/// <summary>
/// Column lengths of status reports: a <c>MinorStatus</c> longer than its column (128) is a 422 naming the job and the
/// field; <c>ApplicationStatus</c> is truncated to its column (255) as DiracX truncates it in LoggingInfo, and
/// <c>Source</c> is truncated in LoggingInfo (32). Strings are already free of NULs and lone surrogates (the HTTP layer).
/// </summary>
public static class StatusUpdateChecks
{
    /// <summary>Refuses reports whose <c>MinorStatus</c> does not fit its column.</summary>
    /// <exception cref="RequestValidationException">422 with <c>loc</c> <c>["body", job, "MinorStatus"]</c>.</exception>
    public static void Check(IReadOnlyDictionary<long, IReadOnlyList<StatusReport>> reports)
    {
        ArgumentNullException.ThrowIfNull(reports);
        foreach (var (jobId, list) in reports)
        {
            foreach (var report in list)
            {
                if (report.Update.MinorStatus is { } minor && Longer(minor, JobColumnLengths.Name))
                {
                    throw new RequestValidationException(new ValidationProblem(["body", jobId.ToString(System.Globalization.CultureInfo.InvariantCulture), "MinorStatus"],
                        $"String should have at most {JobColumnLengths.Name} characters", "string_too_long"));
                }
            }
        }
    }

    /// <summary><paramref name="value"/> cut to <paramref name="length"/> characters (never through a surrogate pair).</summary>
    public static string Truncate(string value, int length)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!Longer(value, length))
        {
            return value;
        }
        var cut = 0;
        for (var runes = 0; runes < length; runes++)
        {
            cut += char.IsHighSurrogate(value[cut]) && cut + 1 < value.Length ? 2 : 1;
        }
        return value[..cut];
    }

    // Lengths count characters (code points), as PostgreSQL's varchar(n) does.
    private static bool Longer(string value, int length) => value.Length > length && value.EnumerateRunes().Count() > length;
}
