using System.Globalization;
using System.Text.RegularExpressions;
using DiracX.Core.Errors;

namespace DiracX.Db.Search;

/// <summary>The precision of a partial date, from a year down to a second.</summary>
internal enum DatePrecision
{
    Year,
    Month,
    Day,
    Hour,
    Minute,
    Second,
}

/// <summary>
/// DiracX's partial dates (<c>find_time_resolution</c>, <c>_datetime_period_bounds</c>): <c>YYYY</c>, <c>YYYY-MM</c>,
/// <c>YYYY-MM-DD</c>, <c>YYYY-MM-DD[ T]HH</c>, <c>...:MM</c>, <c>...:SS[.fffffffff][Z|+00:00]</c>, read as UTC and turned
/// into the half-open period <c>[Start, End)</c>. Fractions of a second are dropped. DiracX allows a <c>Z</c> only after a
/// fraction and no offset at all; we also accept the UTC forms browsers (<c>...:00Z</c>) and Python's
/// <c>isoformat()</c> (<c>...:00+00:00</c>) write. Other offsets stay a 400 (quirks.md).
/// </summary>
internal readonly record struct PartialDate(DatePrecision Precision, DateTime Start, DateTime End)
{
    private static readonly Regex s_shape = new(
        @"\A[0-9]{4}(-[0-9]{2}(-[0-9]{2}(([ T])[0-9]{2}(:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,9})?(Z|\+00:?00)?)?)?)?)?)?\z",
        RegexOptions.CultureInvariant);

    /// <summary>Parses a partial date.</summary>
    /// <exception cref="DiracException">400 <c>Cannot parse value='...'</c> when the text is not one.</exception>
    public static PartialDate Parse(string text)
    {
        var match = s_shape.Match(text);
        if (!match.Success)
        {
            throw CannotParse(text);
        }
        var precision =
            match.Groups[6].Success ? DatePrecision.Second
            : match.Groups[5].Success ? DatePrecision.Minute
            : match.Groups[3].Success ? DatePrecision.Hour
            : match.Groups[2].Success ? DatePrecision.Day
            : match.Groups[1].Success ? DatePrecision.Month
            : DatePrecision.Year;
        int Part(int start) => int.Parse(text.AsSpan(start, 2), NumberStyles.None, CultureInfo.InvariantCulture);
        try
        {
            var start = new DateTime(
                int.Parse(text.AsSpan(0, 4), NumberStyles.None, CultureInfo.InvariantCulture),
                precision >= DatePrecision.Month ? Part(5) : 1,
                precision >= DatePrecision.Day ? Part(8) : 1,
                precision >= DatePrecision.Hour ? Part(11) : 0,
                precision >= DatePrecision.Minute ? Part(14) : 0,
                precision >= DatePrecision.Second ? Part(17) : 0,
                DateTimeKind.Utc);
            var end = precision switch
            {
                DatePrecision.Year => start.AddYears(1),
                DatePrecision.Month => start.AddMonths(1),
                DatePrecision.Day => start.AddDays(1),
                DatePrecision.Hour => start.AddHours(1),
                DatePrecision.Minute => start.AddMinutes(1),
                _ => start.AddSeconds(1),
            };
            return new PartialDate(precision, start, end);
        }
        catch (ArgumentOutOfRangeException)
        {
            // Out-of-range fields (month 13, 24:00, year 0 or 9999's end) are a 500 in DiracX; a 400 here.
            throw CannotParse(text);
        }
    }

    /// <summary>DiracX's message for a value that is not a partial date.</summary>
    public static DiracException CannotParse(string text) => new($"Cannot parse value={PythonRepr.Of(text)}");
}
