using System.Globalization;
using System.Text.RegularExpressions;

namespace DiracX.Logic.Tasks;

/// <summary>
/// DiracX's 5-field UTC cron (<c>minute hour day-of-month month day-of-week</c>, day-of-week 0–7 with 0 and 7 Sunday)
/// and its translation into the 6-field Quartz form (seconds first, <c>?</c> in one day field, day-of-week 1–7 from
/// Sunday).
/// </summary>
public static partial class DiracXCron
{
    /// <summary>Checks the shape (5 fields of cron characters); returns the expression with single spaces.</summary>
    /// <exception cref="FormatException">Not a 5-field cron expression.</exception>
    public static string Validate(string expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length != 5 || fields.Any(f => !Field().IsMatch(f)))
        {
            throw new FormatException($"not a 5-field cron expression (minute hour day-of-month month day-of-week): '{expression}'");
        }
        _ = ToQuartz(string.Join(' ', fields), validated: true);
        return string.Join(' ', fields);
    }

    /// <summary>The Quartz form of a 5-field expression, e.g. <c>0 6 * * *</c> → <c>0 0 6 * * ?</c>.</summary>
    public static string ToQuartz(string expression) => ToQuartz(Validate(expression), validated: true);

    private static string ToQuartz(string expression, bool validated)
    {
        _ = validated;
        var f = expression.Split(' ');
        var (minute, hour, dom, month, dow) = (f[0], f[1], f[2], f[3], f[4]);
        dow = DayOfWeekField().Replace(dow, m =>
        {
            var day = int.Parse(m.Value, CultureInfo.InvariantCulture);
            if (day > 7)
            {
                throw new FormatException($"day of week {day} is out of range 0-7 in '{expression}'");
            }
            return (day % 7 + 1).ToString(CultureInfo.InvariantCulture);
        });
        if (dow is "*" or "?")
        {
            (dom, dow) = (dom == "?" ? "*" : dom, "?");
        }
        else if (dom is "*" or "?")
        {
            dom = "?";
        }
        else
        {
            throw new FormatException($"'{expression}' restricts both the day of month and the day of week, which Quartz cannot express");
        }
        return $"0 {minute} {hour} {dom} {month} {dow}";
    }

    [GeneratedRegex(@"^[0-9A-Za-z*/,\-?]+$")]
    private static partial Regex Field();

    // Numbers not following a '/' (a step keeps its value).
    [GeneratedRegex(@"(?<!/)\b\d+\b")]
    private static partial Regex DayOfWeekField();
}
