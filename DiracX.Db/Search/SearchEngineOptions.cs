namespace DiracX.Db.Search;

/// <summary>Limits of the search engine.</summary>
public sealed record SearchEngineOptions
{
    /// <summary>
    /// The <c>statement_timeout</c> set (transaction-locally, then undone) while a search with a <c>regex</c> filter runs,
    /// so a pathological pattern ends as a 400 instead of holding a connection.
    /// </summary>
    public TimeSpan RegexStatementTimeout { get; init; } = TimeSpan.FromSeconds(10);
}
