using System.Globalization;
using System.Text;
using DiracX.Core.Models;

namespace DiracX.Db.Search;

/// <summary>Python's <c>repr()</c> of the values DiracX interpolates into its error messages.</summary>
internal static class PythonRepr
{
    /// <summary>The repr of a string: single quotes unless it holds a single quote and no double quote.</summary>
    public static string Of(string text)
    {
        var quote = text.Contains('\'', StringComparison.Ordinal) && !text.Contains('"', StringComparison.Ordinal) ? '"' : '\'';
        var builder = new StringBuilder(text.Length + 2).Append(quote);
        foreach (var c in text)
        {
            _ = c switch
            {
                '\\' => builder.Append(@"\\"),
                '\n' => builder.Append(@"\n"),
                '\r' => builder.Append(@"\r"),
                '\t' => builder.Append(@"\t"),
                _ when c == quote => builder.Append('\\').Append(c),
                _ when char.IsControl(c) => builder.Append(CultureInfo.InvariantCulture, $"\\x{(int)c:x2}"),
                _ => builder.Append(c),
            };
        }
        return builder.Append(quote).ToString();
    }

    /// <summary>The repr of a filter value.</summary>
    public static string Of(SearchValue value) => value.Text is { } text ? Of(text) : value.ToString();

    /// <summary>The repr of a set of names, e.g. <c>{'Foo', 'Bar'}</c>.</summary>
    public static string SetOf(IEnumerable<string> names) => "{" + string.Join(", ", names.Select(Of)) + "}";

    /// <summary>The repr of a filter as the dict DiracX prints.</summary>
    public static string Of(SearchSpec spec)
    {
        var value = spec.Values is { } values
            ? $"'values': [{string.Join(", ", values.Select(Of))}]"
            : $"'value': {Of(spec.Value!.Value)}";
        return $"{{'parameter': {Of(spec.Parameter)}, 'operator': {Of(spec.Operator.WireName())}, {value}}}";
    }
}
