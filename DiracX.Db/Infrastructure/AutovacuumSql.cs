namespace DiracX.Db.Infrastructure;

/// <summary>
/// Per-table autovacuum settings for the hot job tables, applied by the migrations. With PostgreSQL's defaults
/// (20% of the rows changed) a 1M-job table is vacuumed after 200k updates, so the visibility map decays and every
/// index-only count or summary reads the heap again; 1% keeps it fresh. Insert-driven vacuums too (1%), so freshly
/// submitted jobs become all-visible.
/// </summary>
public static class AutovacuumSql
{
    private const string Settings =
        "autovacuum_vacuum_scale_factor = 0.01, autovacuum_analyze_scale_factor = 0.01, autovacuum_vacuum_insert_scale_factor = 0.01";

    /// <summary>The statements setting the hot-table autovacuum thresholds on these tables of <paramref name="schema"/>.</summary>
    public static string Set(string schema, params string[] tables) =>
        string.Concat(tables.Select(t => $"ALTER TABLE {NpgsqlSql.Table(schema, t)} SET ({Settings});\n"));

    /// <summary>The statements restoring the server's defaults.</summary>
    public static string Reset(string schema, params string[] tables) =>
        string.Concat(tables.Select(t => $"ALTER TABLE {NpgsqlSql.Table(schema, t)} RESET (autovacuum_vacuum_scale_factor, "
            + "autovacuum_analyze_scale_factor, autovacuum_vacuum_insert_scale_factor);\n"));
}
