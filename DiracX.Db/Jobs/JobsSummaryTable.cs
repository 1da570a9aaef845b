using DiracX.Db.Infrastructure;
using DiracX.Db.Search;

namespace DiracX.Db.Jobs;

/// <summary>
/// The pre-aggregated <c>JobsSummary</c> table (legacy DIRAC's <c>JobsHistorySummary</c> idea): job counts per
/// combination of the columns DiracX summaries group and filter by, in three views (grouping sets) that each stay
/// small. One table of all eight columns together would not: Site, Owner and JobGroup vary independently, and on
/// the bench's data the eight-column key has 151k distinct values for 200k jobs. The views:
/// <list type="number">
/// <item>owners: Status, MinorStatus, Owner, OwnerGroup, VO, JobType (2.2k rows for 200k bench jobs);</item>
/// <item>sites: Status, MinorStatus, Site, VO, JobType (1.6k);</item>
/// <item>job groups: Status, MinorStatus, JobGroup, VO, JobType (0.9k).</item>
/// </list>
/// ApplicationStatus is in none: it is free text reported by running jobs.
/// </summary>
/// <remarks>
/// One mechanism keeps it exact: three statement-level <c>AFTER</c> triggers on <c>Jobs</c> (INSERT, UPDATE, DELETE,
/// with transition tables, so the work is set-based whatever the number of rows) aggregate the per-group differences
/// of the statement with <c>GROUPING SETS</c> and apply them with one <c>INSERT ... ON CONFLICT DO UPDATE</c> in key
/// order, in the transaction of the write. No code path can forget it (submission, status, heartbeat, metadata,
/// reschedule, removal, and SQL run by hand). Every statement locks the rows it changes in the same order.
/// Searches and summaries whose filters and grouping fit one view read it (<see cref="SearchRollup"/>); the others
/// read <c>Jobs</c>.
/// </remarks>
public static class JobsSummaryTable
{
    /// <summary>The table name, in the <c>jobdb</c> schema.</summary>
    public const string Name = "JobsSummary";

    /// <summary>The column holding the number of jobs.</summary>
    public const string CountColumn = "Count";

    /// <summary>The column naming a row's view.</summary>
    public const string KindColumn = "Kind";

    /// <summary>Every summarised <c>Jobs</c> column, in key order.</summary>
    public static IReadOnlyList<string> Columns { get; } =
        ["Status", "MinorStatus", "Site", "Owner", "OwnerGroup", "VO", "JobGroup", "JobType"];

    /// <summary>The views: their <see cref="KindColumn"/> value and their columns.</summary>
    public static IReadOnlyList<SearchRollupView> Views { get; } =
    [
        new(1, ["Status", "MinorStatus", "Owner", "OwnerGroup", "VO", "JobType"]),
        new(2, ["Status", "MinorStatus", "Site", "VO", "JobType"]),
        new(3, ["Status", "MinorStatus", "JobGroup", "VO", "JobType"]),
    ];

    /// <summary>The table as the search engine reads it.</summary>
    public static SearchRollup Rollup { get; } = new(DbNames.JobDb, Name, KindColumn, CountColumn, Views);

    internal static readonly string[] KeyColumns = [KindColumn, .. Columns];

    /// <summary>The SQL creating the trigger function and triggers, and filling the table from the jobs already there (for the migration).</summary>
    public static string CreateTriggersSql(string schema)
    {
        var table = NpgsqlSql.Table(schema, Name);
        var function = NpgsqlSql.Table(schema, "JobsSummary_apply");
        var jobs = NpgsqlSql.Table(schema, "Jobs");
        var list = string.Join(", ", Columns.Select(NpgsqlSql.Quote));
        var key = string.Join(", ", KeyColumns.Select(NpgsqlSql.Quote));
        var count = NpgsqlSql.Quote(CountColumn);
        var positions = string.Join(", ", Enumerable.Range(1, KeyColumns.Length));
        var sets = string.Join(", ", Views.Select(v => "(" + string.Join(", ", Columns.Where(v.Columns.Contains).Select(NpgsqlSql.Quote)) + ")"));
        // GROUPING(...) over every column is a bit mask of the columns a row does NOT group by (first column = high bit).
        var kind = "CASE GROUPING(" + list + ")" + string.Concat(Views.Select(v =>
            $" WHEN {Columns.Select((c, i) => v.Columns.Contains(c) ? 0 : 1 << (Columns.Count - 1 - i)).Sum()} THEN {v.Kind}")) + " END";
        string Aggregate(string source, string measure) =>
            $"SELECT ({kind})::smallint, {list}, {measure} FROM ({source}) AS delta GROUP BY GROUPING SETS ({sets})";
        string Upsert(string source) =>
            $"""
                    INSERT INTO {table} AS s ({key}, {count})
                    {Aggregate(source, "sum(d)")} HAVING sum(d) <> 0 ORDER BY {positions}
                    ON CONFLICT ({key}) DO UPDATE SET {count} = s.{count} + EXCLUDED.{count};
            """;
        return $"""
            CREATE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $fn$
            BEGIN
                IF TG_OP = 'INSERT' THEN
            {Upsert($"SELECT {list}, 1::bigint AS d FROM new_rows")}
                ELSIF TG_OP = 'DELETE' THEN
            {Upsert($"SELECT {list}, -1::bigint AS d FROM old_rows")}
                ELSE
            {Upsert($"SELECT {list}, 1::bigint AS d FROM new_rows UNION ALL SELECT {list}, -1::bigint FROM old_rows")}
                END IF;
                RETURN NULL;
            END
            $fn$;
            CREATE TRIGGER "JobsSummary_insert" AFTER INSERT ON {jobs} REFERENCING NEW TABLE AS new_rows
                FOR EACH STATEMENT EXECUTE FUNCTION {function}();
            CREATE TRIGGER "JobsSummary_update" AFTER UPDATE ON {jobs} REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
                FOR EACH STATEMENT EXECUTE FUNCTION {function}();
            CREATE TRIGGER "JobsSummary_delete" AFTER DELETE ON {jobs} REFERENCING OLD TABLE AS old_rows
                FOR EACH STATEMENT EXECUTE FUNCTION {function}();
            INSERT INTO {table} ({key}, {count})
            {Aggregate($"SELECT {list}, 1::bigint AS d FROM {jobs}", "count(*)")} ORDER BY {positions};
            """;
    }

    /// <summary>The SQL dropping the triggers and function (for the migration's Down).</summary>
    public static string DropTriggersSql(string schema)
    {
        var jobs = NpgsqlSql.Table(schema, "Jobs");
        return $"""
            DROP TRIGGER "JobsSummary_insert" ON {jobs};
            DROP TRIGGER "JobsSummary_update" ON {jobs};
            DROP TRIGGER "JobsSummary_delete" ON {jobs};
            DROP FUNCTION {NpgsqlSql.Table(schema, "JobsSummary_apply")}();
            """;
    }
}
