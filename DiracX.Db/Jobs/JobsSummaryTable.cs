using DiracX.Db.Infrastructure;

namespace DiracX.Db.Jobs;

/// <summary>
/// The pre-aggregated <c>JobsSummary</c> table: job counts grouped by the columns DiracX summaries group and filter by
/// (Status, MinorStatus, Site, Owner, OwnerGroup, VO, JobGroup, JobType). ApplicationStatus is left out: it is free
/// text reported by running jobs, so it would make the table as large as <c>Jobs</c>.
/// </summary>
/// <remarks>
/// One mechanism keeps it exact: three statement-level <c>AFTER</c> triggers on <c>Jobs</c> (INSERT, UPDATE, DELETE;
/// transition tables, so the work is set-based whatever the number of rows) add the per-group differences with one
/// <c>INSERT ... ON CONFLICT DO UPDATE</c> in key order, in the transaction of the write. No code path can forget it
/// (submission, status, heartbeat, metadata, reschedule, removal, and SQL run by hand). Rows locked in one
/// deterministic order by every statement cannot deadlock each other. Searches and summaries whose columns are all
/// here read this table (<see cref="Search.SearchRollup"/>); the others read <c>Jobs</c>.
/// </remarks>
public static class JobsSummaryTable
{
    /// <summary>The table name, in the <c>jobdb</c> schema.</summary>
    public const string Name = "JobsSummary";

    /// <summary>The column holding the number of jobs.</summary>
    public const string CountColumn = "Count";

    /// <summary>The summarised <c>Jobs</c> columns (the key), in key order.</summary>
    public static IReadOnlyList<string> Columns { get; } =
        ["Status", "MinorStatus", "Site", "Owner", "OwnerGroup", "VO", "JobGroup", "JobType"];

    internal static readonly string[] KeyColumns = [.. Columns];

    /// <summary>The SQL creating the trigger function and triggers (for the migration).</summary>
    public static string CreateTriggersSql(string schema)
    {
        var table = NpgsqlSql.Table(schema, Name);
        var function = NpgsqlSql.Table(schema, "JobsSummary_apply");
        var jobs = NpgsqlSql.Table(schema, "Jobs");
        var list = string.Join(", ", Columns.Select(NpgsqlSql.Quote));
        var count = NpgsqlSql.Quote(CountColumn);
        string Upsert(string source) =>
            $"""
                    INSERT INTO {table} AS s ({list}, {count})
                    SELECT {list}, sum(d) FROM ({source}) AS delta GROUP BY {list} HAVING sum(d) <> 0 ORDER BY {list}
                    ON CONFLICT ({list}) DO UPDATE SET {count} = s.{count} + EXCLUDED.{count};
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
            INSERT INTO {table} ({list}, {count}) SELECT {list}, count(*) FROM {jobs} GROUP BY {list} ORDER BY {list};
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
