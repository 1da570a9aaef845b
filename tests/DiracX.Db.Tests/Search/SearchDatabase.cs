using DiracX.Core.Models;
using DiracX.Db.Search;
using DiracX.Testing;
using Npgsql;
using NpgsqlTypes;

namespace DiracX.Db.Tests.Search;

/// <summary>
/// A database with the test tables: <c>search_test."Items"</c> (the 100 <see cref="Item"/> rows) and
/// <c>search_test."Big"</c> (200k generated rows with an (Owner, Status, BigID) index, for plans and slow regexes).
/// Each search runs in a transaction that is rolled back.
/// </summary>
public sealed class SearchDatabase : IAsyncLifetime
{
    public const int BigRows = 200_000;

    private static readonly TestDatabaseTemplate s_template = new("search", SeedAsync);

    private TestDatabase _database = null!;

    public static SearchTable Items { get; } = new("search_test", "Items",
    [
        new("ItemID", "ItemID", SearchColumnType.WholeNumber),
        new("Owner", "Owner", SearchColumnType.Text),
        new("OwnerGroup", "OwnerGroup", SearchColumnType.Text),
        new("Status", "Status", SearchColumnType.Text),
        new("Site", "Site", SearchColumnType.Text),
        new("Priority", "Priority", SearchColumnType.WholeNumber),
        new("Score", "Score", SearchColumnType.RealNumber),
        new("Flag", "Flag", SearchColumnType.Boolean),
        new("SubmissionTime", "SubmissionTime", SearchColumnType.DateTime),
    ], primaryKey: "ItemID", rangeUnit: "items", pseudoParameters: ["LoggingInfo"]);

    public static SearchTable Big { get; } = new("search_test", "Big",
    [
        new("BigID", "BigID", SearchColumnType.WholeNumber),
        new("Owner", "Owner", SearchColumnType.Text),
        new("Status", "Status", SearchColumnType.Text),
        new("SubmissionTime", "SubmissionTime", SearchColumnType.DateTime),
        new("Payload", "Payload", SearchColumnType.Text),
    ], primaryKey: "BigID", rangeUnit: "jobs");

    public async ValueTask InitializeAsync() =>
        _database = await s_template.CreateDatabaseAsync(TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync() => await _database.DisposeAsync();

    public Task<NpgsqlConnection> OpenAsync() => _database.OpenConnectionAsync(TestContext.Current.CancellationToken);

    /// <summary>Runs a search in a transaction that is rolled back.</summary>
    public async Task<SearchPage> SearchAsync(SearchParams request, SearchPaging? paging = null,
        IReadOnlyList<SearchSpec>? mandatory = null, SearchTable? table = null, SearchEngineOptions? options = null,
        SearchRowFormat format = SearchRowFormat.Values)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var connection = await OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync(ct);
        return await new SearchEngine(table ?? Items, options).SearchAsync(connection, transaction, request, paging, mandatory, format, ct);
    }

    /// <summary>Runs a summary in a transaction that is rolled back.</summary>
    public async Task<IReadOnlyList<OrderedDictionary<string, object?>>> SummaryAsync(SummaryParams request,
        IReadOnlyList<SearchSpec>? mandatory = null)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var connection = await OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync(ct);
        return await new SearchEngine(Items).SummaryAsync(connection, transaction, request, mandatory, ct);
    }

    private static async Task SeedAsync(string connectionString, CancellationToken ct)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using (var create = new NpgsqlCommand("""
            CREATE SCHEMA search_test;
            CREATE TABLE search_test."Items" (
                "ItemID" integer PRIMARY KEY, "Owner" varchar(64) NOT NULL, "OwnerGroup" varchar(64) NOT NULL,
                "Status" varchar(32) NOT NULL, "Site" varchar(64), "Priority" integer NOT NULL,
                "Score" double precision NOT NULL, "Flag" boolean NOT NULL, "SubmissionTime" timestamptz NOT NULL);
            CREATE TABLE search_test."Big" (
                "BigID" bigint PRIMARY KEY, "Owner" varchar(64) NOT NULL, "Status" varchar(32) NOT NULL,
                "SubmissionTime" timestamptz NOT NULL, "Payload" text NOT NULL);
            INSERT INTO search_test."Big"
                SELECT i, 'user' || (i % 500), (ARRAY['Received','Waiting','Running','Done','Failed','Killed','Matched'])[i % 7 + 1],
                       timestamptz '2024-01-01 00:00:00+00' + i * interval '1 minute',
                       repeat(md5(i::text), 4)
                FROM generate_series(1, 200000) AS i;
            CREATE INDEX "Big_Owner_Status_BigID" ON search_test."Big" ("Owner", "Status", "BigID");
            CREATE INDEX "Big_SubmissionTime" ON search_test."Big" ("SubmissionTime");
            ANALYZE search_test."Big";
            """, connection))
        {
            await create.ExecuteNonQueryAsync(ct);
        }
        await using var importer = await connection.BeginBinaryImportAsync(
            """COPY search_test."Items" ("ItemID", "Owner", "OwnerGroup", "Status", "Site", "Priority", "Score", "Flag", "SubmissionTime") FROM STDIN (FORMAT BINARY)""", ct);
        foreach (var item in Item.All)
        {
            await importer.StartRowAsync(ct);
            await importer.WriteAsync(item.ItemId, NpgsqlDbType.Integer, ct);
            await importer.WriteAsync(item.Owner, NpgsqlDbType.Varchar, ct);
            await importer.WriteAsync(item.OwnerGroup, NpgsqlDbType.Varchar, ct);
            await importer.WriteAsync(item.Status, NpgsqlDbType.Varchar, ct);
            if (item.Site is null)
            {
                await importer.WriteNullAsync(ct);
            }
            else
            {
                await importer.WriteAsync(item.Site, NpgsqlDbType.Varchar, ct);
            }
            await importer.WriteAsync(item.Priority, NpgsqlDbType.Integer, ct);
            await importer.WriteAsync(item.Score, NpgsqlDbType.Double, ct);
            await importer.WriteAsync(item.Flag, NpgsqlDbType.Boolean, ct);
            await importer.WriteAsync(item.SubmissionTime.UtcDateTime, NpgsqlDbType.TimestampTz, ct);
        }
        await importer.CompleteAsync(ct);
    }
}
