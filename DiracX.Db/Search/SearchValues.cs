using System.Globalization;
using DiracX.Core.Errors;
using DiracX.Core.Models;
using NpgsqlTypes;

namespace DiracX.Db.Search;

/// <summary>Converts filter values to the column's type so every comparison is a plain typed parameter.</summary>
internal static class SearchValues
{
    /// <summary>The PostgreSQL type of parameters compared with a column.</summary>
    public static NpgsqlDbType DbType(SearchColumnType type) => type switch
    {
        SearchColumnType.Text => NpgsqlDbType.Text,
        SearchColumnType.WholeNumber => NpgsqlDbType.Bigint,
        SearchColumnType.RealNumber => NpgsqlDbType.Double,
        SearchColumnType.DateTime => NpgsqlDbType.TimestampTz,
        SearchColumnType.Boolean => NpgsqlDbType.Boolean,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    /// <summary>The value as the column's type.</summary>
    /// <exception cref="DiracException">400 when the value cannot be read as that type.</exception>
    public static object Convert(SearchColumn column, SearchValue value) => column.Type switch
    {
        SearchColumnType.Text when value.Timestamp is null => value.ToString(),
        SearchColumnType.WholeNumber when value.Number is { } number => number,
        SearchColumnType.WholeNumber when long.TryParse(value.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) => n,
        SearchColumnType.RealNumber when value.Number is { } number => (double)number,
        SearchColumnType.RealNumber when double.TryParse(value.Text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
            && double.IsFinite(d) => d,
        SearchColumnType.Boolean when ParseBoolean(value) is { } b => b,
        SearchColumnType.DateTime when value.Timestamp is { } timestamp => timestamp.UtcDateTime,
        _ => throw new DiracException($"Cannot parse value={PythonRepr.Of(value)} for column {column.Name}"),
    };

    /// <summary>The values as a typed array for <c>= ANY</c> / <c>&lt;&gt; ALL</c>.</summary>
    public static Array ConvertAll(SearchColumn column, IReadOnlyList<SearchValue> values) => column.Type switch
    {
        SearchColumnType.Text => values.Select(v => (string)Convert(column, v)).ToArray(),
        SearchColumnType.WholeNumber => values.Select(v => (long)Convert(column, v)).ToArray(),
        SearchColumnType.RealNumber => values.Select(v => (double)Convert(column, v)).ToArray(),
        SearchColumnType.Boolean => values.Select(v => (bool)Convert(column, v)).ToArray(),
        SearchColumnType.DateTime => values.Select(v => (DateTime)Convert(column, v)).ToArray(),
        _ => throw new ArgumentOutOfRangeException(nameof(column), column.Type, null),
    };

    private static bool? ParseBoolean(SearchValue value) => value switch
    {
        { Number: 1 } => true,
        { Number: 0 } => false,
        { Text: { } text } when bool.TryParse(text, out var b) => b,
        _ => null,
    };
}
