using Npgsql;

namespace DiracX.Db.Search;

/// <summary>Reads result rows into DiracX-named, JSON-ready values.</summary>
internal static class SearchRows
{
    /// <summary>The current row's first columns, keyed by DiracX name in the given order.</summary>
    public static OrderedDictionary<string, object?> Read(NpgsqlDataReader reader, IReadOnlyList<SearchColumn> columns)
    {
        var row = new OrderedDictionary<string, object?>(columns.Count + 1, StringComparer.Ordinal);
        for (var i = 0; i < columns.Count; i++)
        {
            row[columns[i].Name] = reader.IsDBNull(i) ? null : columns[i].Type switch
            {
                SearchColumnType.DateTime => Utc(reader.GetDateTime(i)),
                _ => reader.GetValue(i),
            };
        }
        return row;
    }

    /// <summary>
    /// A timestamp read from a column: timestamptz arrives as UTC; a timestamp without zone is taken as UTC, as DiracX
    /// stores it.
    /// </summary>
    public static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
