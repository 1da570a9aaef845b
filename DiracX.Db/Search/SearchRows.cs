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
                // timestamptz arrives as UTC; a timestamp without zone is taken as UTC, as DiracX stores it.
                SearchColumnType.DateTime => new DateTimeOffset(DateTime.SpecifyKind(reader.GetDateTime(i), DateTimeKind.Utc)),
                _ => reader.GetValue(i),
            };
        }
        return row;
    }
}
