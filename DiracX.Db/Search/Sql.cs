namespace DiracX.Db.Search;

/// <summary>SQL text helpers for identifiers that come from table descriptions (never from input).</summary>
internal static class Sql
{
    /// <summary>Quotes an identifier, doubling embedded quotes.</summary>
    public static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    /// <summary>The quoted column.</summary>
    public static string Quoted(this SearchColumn column) => Quote(column.SqlName);
}
