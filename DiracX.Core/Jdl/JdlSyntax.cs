using System.Globalization;

namespace DiracX.Core.Jdl;

/// <summary>Lexical rules shared by the parser, the writer and the document.</summary>
internal static class JdlSyntax
{
    /// <summary>Names are identifiers with dots, as in <c>Parameters.InputData</c>.</summary>
    public static bool IsValidName(string name)
    {
        if (string.IsNullOrEmpty(name) || !IsNameStart(name[0]))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!IsNameChar(c))
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsNameStart(char c) => char.IsAsciiLetter(c) || c == '_';

    public static bool IsNameChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '_' || c == '.';

    /// <summary>Reads a bare token as a boolean or a number; anything else is an expression.</summary>
    public static JdlValue ClassifyBareText(string text)
    {
        if (string.Equals(text, "true", StringComparison.OrdinalIgnoreCase))
        {
            return new JdlBoolean(true);
        }

        if (string.Equals(text, "false", StringComparison.OrdinalIgnoreCase))
        {
            return new JdlBoolean(false);
        }

        var kind = NumberKind(text);
        if (kind == 1 && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l))
        {
            return new JdlInteger(l);
        }

        if (kind == 2 && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d))
        {
            return new JdlFloat(d);
        }

        return new JdlExpression(text);
    }

    /// <summary>0: not a number; 1: integer; 2: float. Grammar: [+-]?(d+(.d*)?|.d+)([eE][+-]?d+)?</summary>
    private static int NumberKind(string s)
    {
        var i = 0;
        if (i < s.Length && (s[i] == '+' || s[i] == '-'))
        {
            i++;
        }

        var intDigits = CountDigits(s, ref i);
        var isFloat = false;
        var fracDigits = 0;
        if (i < s.Length && s[i] == '.')
        {
            i++;
            isFloat = true;
            fracDigits = CountDigits(s, ref i);
        }

        if (intDigits + fracDigits == 0)
        {
            return 0;
        }

        if (i < s.Length && (s[i] == 'e' || s[i] == 'E'))
        {
            i++;
            isFloat = true;
            if (i < s.Length && (s[i] == '+' || s[i] == '-'))
            {
                i++;
            }

            if (CountDigits(s, ref i) == 0)
            {
                return 0;
            }
        }

        return i != s.Length ? 0 : isFloat ? 2 : 1;
    }

    private static int CountDigits(string s, ref int i)
    {
        var start = i;
        while (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            i++;
        }

        return i - start;
    }
}
