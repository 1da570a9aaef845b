using System.Globalization;

namespace DiracX.Core.Jdl;

/// <summary>Conversions of values to the plain text DIRAC's ClassAdLight hands out.</summary>
internal static class JdlText
{
    /// <summary>DIRAC's <c>getAttributeString</c>: the raw expression without its double quotes.</summary>
    public static string AsText(JdlValue value) => value switch
    {
        JdlString s => s.Value,
        JdlExpression e => e.Text.Replace("\"", string.Empty, StringComparison.Ordinal),
        _ => JdlWriter.WriteValue(value).Replace("\"", string.Empty, StringComparison.Ordinal),
    };

    /// <summary>One list item as text: a string's value, or the compact JDL text of anything else.</summary>
    public static string ItemText(JdlValue value) => value switch
    {
        JdlString s => s.Value,
        JdlExpression e => e.Text,
        _ => JdlWriter.WriteValue(value),
    };

    /// <summary>DIRAC's <c>getListFromExpression</c>: list items, or a single value split on commas.</summary>
    public static IReadOnlyList<string> AsStringList(JdlValue value)
    {
        if (value is JdlList list)
        {
            return [.. list.Items.Select(ItemText)];
        }

        return AsText(value).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
    }

    /// <summary>DIRAC's <c>getAttributeInt</c>: Python <c>int()</c> of the text without quotes.</summary>
    public static long? AsInteger(JdlValue value) => value switch
    {
        JdlInteger i => i.Value,
        JdlString or JdlExpression => ParsePythonInt(AsText(value)),
        _ => null,
    };

    /// <summary>DIRAC's <c>getAttributeFloat</c>: Python <c>float()</c> of the text without quotes.</summary>
    public static double? AsFloat(JdlValue value) => value switch
    {
        JdlInteger i => i.Value,
        JdlFloat f => f.Value,
        JdlString or JdlExpression => ParsePythonFloat(AsText(value)),
        _ => null,
    };

    /// <summary>Python <c>int(text)</c> for decimal text that fits in 64 bits.</summary>
    public static long? ParsePythonInt(string text) =>
        long.TryParse(text.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var v) ? v : null;

    /// <summary>Python <c>float(text)</c>, finite values only.</summary>
    public static double? ParsePythonFloat(string text) =>
        double.TryParse(text.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : null;

    /// <summary>Python's <c>repr(float)</c>: shortest round-trip digits, ".0" on integral values, exponent
    /// form below 1e-4 and from 1e16.</summary>
    public static string FormatPythonFloat(double value)
    {
        var shortest = value.ToString("R", CultureInfo.InvariantCulture);
        var negative = shortest.StartsWith('-');
        var body = negative ? shortest[1..] : shortest;
        var (digits, exponent) = Decompose(body);
        var text = exponent < -4 || exponent >= 16
            ? Scientific(digits, exponent)
            : Positional(digits, exponent);
        return negative ? "-" + text : text;
    }

    /// <summary>Splits "1.2345E+20" or "123.45" into significant digits and the decimal exponent of the first.</summary>
    private static (string Digits, int Exponent) Decompose(string body)
    {
        var e = body.IndexOfAny(['E', 'e']);
        var mantissa = e < 0 ? body : body[..e];
        var exp = e < 0 ? 0 : int.Parse(body[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var intPart = dot < 0 ? mantissa : mantissa[..dot];
        var fracPart = dot < 0 ? string.Empty : mantissa[(dot + 1)..];
        var all = intPart + fracPart;
        var lead = 0;
        while (lead < all.Length - 1 && all[lead] == '0')
        {
            lead++;
        }

        var digits = all[lead..].TrimEnd('0');
        if (digits.Length == 0)
        {
            return ("0", 0);
        }

        return (digits, exp + intPart.Length - 1 - lead);
    }

    private static string Scientific(string digits, int exponent)
    {
        var mantissa = digits.Length == 1 ? digits : digits[0] + "." + digits[1..];
        var sign = exponent < 0 ? "-" : "+";
        return $"{mantissa}e{sign}{Math.Abs(exponent):00}";
    }

    private static string Positional(string digits, int exponent)
    {
        if (exponent < 0)
        {
            return "0." + new string('0', -exponent - 1) + digits;
        }

        if (digits.Length <= exponent + 1)
        {
            return digits + new string('0', exponent + 1 - digits.Length) + ".0";
        }

        return digits[..(exponent + 1)] + "." + digits[(exponent + 1)..];
    }
}
