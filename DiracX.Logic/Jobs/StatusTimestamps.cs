using System.Globalization;
using System.Text.RegularExpressions;
using DiracX.Core.Errors;

namespace DiracX.Logic.Jobs;

/// <summary>A timestamp key of a status update as pydantic reads a <c>datetime</c>: aware, or naive (refused later).</summary>
/// <param name="Instant">The instant when the text had an offset (or was a Unix time); null when naive.</param>
/// <param name="Naive">The wall-clock value when naive.</param>
public readonly record struct StatusTimestamp(DateTimeOffset? Instant, DateTime Naive)
{
    /// <summary>The value as Python's <c>str(datetime)</c> writes a naive one (<c>2024-01-01 12:00:00.123456</c>).</summary>
    public string PythonText => Naive.ToString(Naive.Ticks % TimeSpan.TicksPerSecond == 0 ? "yyyy-MM-dd HH:mm:ss" : "yyyy-MM-dd HH:mm:ss.ffffff",
        CultureInfo.InvariantCulture);
}

/// <summary>Parses the timestamp keys of <c>PATCH /api/jobs/status</c> with pydantic's leniency.</summary>
public static partial class StatusTimestamps
{
    [GeneratedRegex(@"^(\d{4})-(\d{2})-(\d{2})(?:[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,6})\d*)?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)?)?$")]
    private static partial Regex Iso();

    [GeneratedRegex(@"^-?\d+(?:\.\d+)?$")]
    private static partial Regex Number();

    /// <summary>
    /// Reads an ISO 8601 date-time (<c>T</c> or space, optional seconds and fraction, <c>Z</c> or an offset) or a
    /// Unix time in seconds (milliseconds above 2e10), as pydantic does.
    /// </summary>
    /// <exception cref="RequestValidationException">422 when the text is not a date-time.</exception>
    public static StatusTimestamp Parse(string text, long jobId)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Number().IsMatch(text))
        {
            var value = double.Parse(text, CultureInfo.InvariantCulture);
            var seconds = Math.Abs(value) > 2e10 ? value / 1000 : value;
            return new(DateTimeOffset.UnixEpoch.AddTicks((long)Math.Round(seconds * 1e6) * 10), default);
        }
        var match = Iso().Match(text);
        if (!match.Success || !TryBuild(match, out var naive))
        {
            throw new RequestValidationException(new ValidationProblem(["body", jobId.ToString(CultureInfo.InvariantCulture), text, "[key]"],
                "Input should be a valid datetime, invalid character in year", "datetime_from_date_parsing", text,
                new Dictionary<string, object> { ["error"] = "invalid character in year" }));
        }
        var zone = match.Groups[8].Value;
        if (zone.Length == 0)
        {
            return new(null, naive);
        }
        var offset = zone is "Z" or "z" ? TimeSpan.Zero : ParseOffset(zone);
        return new(new DateTimeOffset(naive, offset).ToUniversalTime(), naive);
    }

    private static bool TryBuild(Match m, out DateTime value)
    {
        int Int(int group) => m.Groups[group].Success && m.Groups[group].Length > 0 ? int.Parse(m.Groups[group].Value, CultureInfo.InvariantCulture) : 0;
        value = default;
        try
        {
            var fraction = m.Groups[7].Value.PadRight(6, '0');
            value = new DateTime(Int(1), Int(2), Int(3), Int(4), Int(5), Int(6), DateTimeKind.Unspecified)
                .AddTicks(fraction.Length > 0 ? int.Parse(fraction, CultureInfo.InvariantCulture) * 10L : 0);
            return true;
        }
        catch (ArgumentOutOfRangeException)
        {
            return false;
        }
    }

    private static TimeSpan ParseOffset(string zone)
    {
        var digits = zone[1..].Replace(":", "", StringComparison.Ordinal);
        var hours = int.Parse(digits[..2], CultureInfo.InvariantCulture);
        var minutes = digits.Length > 2 ? int.Parse(digits[2..], CultureInfo.InvariantCulture) : 0;
        var offset = new TimeSpan(hours, minutes, 0);
        return zone[0] == '-' ? -offset : offset;
    }
}
