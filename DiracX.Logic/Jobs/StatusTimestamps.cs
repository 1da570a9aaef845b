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
        if (TryParseCanonical(text, out var canonical))
        {
            return canonical;
        }
        if (Number().IsMatch(text))
        {
            var value = double.Parse(text, CultureInfo.InvariantCulture);
            var microseconds = Math.Round((Math.Abs(value) > 2e10 ? value / 1000 : value) * 1e6);
            var ticks = DateTimeOffset.UnixEpoch.Ticks + microseconds * 10;
            return ticks >= DateTime.MinValue.Ticks && ticks <= DateTime.MaxValue.Ticks
                ? new(new DateTimeOffset((long)ticks, TimeSpan.Zero), default)
                : throw NotADateTime(text, jobId);
        }
        var match = Iso().Match(text);
        if (!match.Success || !TryBuild(match, out var naive))
        {
            throw NotADateTime(text, jobId);
        }
        var zone = match.Groups[8].Value;
        if (zone.Length == 0)
        {
            return new(null, naive);
        }
        var offset = zone is "Z" or "z" ? TimeSpan.Zero : ParseOffset(zone);
        return TryAware(naive, offset, out var aware) ? aware : throw NotADateTime(text, jobId);
    }

    private static RequestValidationException NotADateTime(string text, long jobId) =>
        new(new ValidationProblem(["body", jobId.ToString(CultureInfo.InvariantCulture), text, "[key]"],
            "Input should be a valid datetime, invalid character in year", "datetime_from_date_parsing", text,
            new Dictionary<string, object> { ["error"] = "invalid character in year" }));

    // The instant of a wall-clock time at an offset. Offsets up to a day are valid (pydantic's limit), which
    // DateTimeOffset cannot hold beyond 14 hours, so the UTC value is computed directly; false when it falls outside
    // the representable range.
    private static bool TryAware(DateTime naive, TimeSpan offset, out StatusTimestamp result)
    {
        result = default;
        var utcTicks = naive.Ticks - offset.Ticks;
        if (offset.Duration() >= TimeSpan.FromDays(1) || utcTicks < DateTime.MinValue.Ticks || utcTicks > DateTime.MaxValue.Ticks)
        {
            return false;
        }
        result = new(new DateTimeOffset(utcTicks, TimeSpan.Zero), naive);
        return true;
    }

    /// <summary>
    /// The form nearly every client sends (<c>2024-01-02T03:04:05[.ffffff](Z|+00:00)</c>: Python's <c>isoformat()</c>,
    /// .NET's round-trip format, a browser's <c>toISOString()</c>) read without the regular expression; a pilot's batch
    /// carries one per job. Anything else, or an impossible date, goes the general way and gets its answer there.
    /// </summary>
    private static bool TryParseCanonical(string text, out StatusTimestamp result)
    {
        result = default;
        var s = text.AsSpan();
        if (s.Length < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':'
            || !TryDigits(s, 0, 4, out var year) || !TryDigits(s, 5, 2, out var month) || !TryDigits(s, 8, 2, out var day)
            || !TryDigits(s, 11, 2, out var hour) || !TryDigits(s, 14, 2, out var minute) || !TryDigits(s, 17, 2, out var second))
        {
            return false;
        }
        var i = 19;
        long fractionTicks = 0;
        if (s[i] == '.')
        {
            var start = ++i;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }
            if (i == start || i - start > 6 || !TryDigits(s, start, i - start, out var fraction))
            {
                return false;
            }
            for (var pad = i - start; pad < 7; pad++)
            {
                fraction *= 10;
            }
            fractionTicks = fraction;
        }
        TimeSpan offset;
        var zone = s[i..];
        if (zone is "Z")
        {
            offset = TimeSpan.Zero;
        }
        else if (zone.Length == 6 && zone[0] is '+' or '-' && zone[3] == ':' && TryDigits(zone, 1, 2, out var h) && TryDigits(zone, 4, 2, out var m))
        {
            offset = new TimeSpan(zone[0] == '-' ? -h : h, zone[0] == '-' ? -m : m, 0);
        }
        else
        {
            return false;
        }
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }
        var naive = new DateTime(year, month, day, hour, minute, second, DateTimeKind.Unspecified).AddTicks(fractionTicks);
        return TryAware(naive, offset, out result);
    }

    private static bool TryDigits(ReadOnlySpan<char> s, int start, int count, out int value)
    {
        value = 0;
        for (var i = start; i < start + count; i++)
        {
            if (!char.IsAsciiDigit(s[i]))
            {
                return false;
            }
            value = value * 10 + (s[i] - '0');
        }
        return true;
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
