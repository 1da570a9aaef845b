using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using Npgsql;

namespace DiracX.Bench;

/// <summary>
/// Generates DiracX-shaped jobs straight into the migrated tables (jobdb, jobloggingdb), server-side, as in
/// performance.md A.4: skewed owners (user000..user199, owner 7 is the test user "chaen" so that user-scoped routes
/// have their own jobs), skewed sites, a realistic status mix, a compressed ~1 KB JDL and four LoggingInfo records per job.
/// </summary>
internal static class DataGenerator
{
    public const string TestUser = "chaen";

    /// <summary>A ~1 KB user JDL (the template of the submission scenarios).</summary>
    public static string Jdl(int n) => BenchJdl.Of(n);

    /// <summary>zlib, as DiracX.Db stores JDLs (bytea, RFC 1950).</summary>
    public static byte[] Compress(string text)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            zlib.Write(Encoding.UTF8.GetBytes(text));
        }
        return output.ToArray();
    }

    public static async Task<TimeSpan> GenerateAsync(NpgsqlDataSource db, int jobs, Action<string> log)
    {
        var clock = Stopwatch.StartNew();
        var jdl = Compress(Jdl(0));
        string[] steps =
        [
            "SELECT setseed(0.42)",
            $"""
            INSERT INTO jobdb."JobJDLs" ("JobID", "JDL", "JobRequirements", "OriginalJDL")
            OVERRIDING SYSTEM VALUE
            SELECT g, @jdl, ''::bytea, @jdl FROM generate_series(1, {jobs}) g
            """,
            $"""
            INSERT INTO jobdb."Jobs" ("JobID", "JobType", "JobGroup", "Site", "JobName", "Owner", "OwnerGroup", "VO",
                "SubmissionTime", "LastUpdateTime", "StartExecTime", "EndExecTime", "Status", "MinorStatus", "ApplicationStatus", "UserPriority")
            SELECT g,
                   CASE WHEN r.o = 0 THEN 'MCSimulation' ELSE 'User' END,
                   lpad((g / 5000)::text, 8, '0'),
                   CASE WHEN s.st IN ('Received','Checking','Waiting') THEN 'ANY'
                        ELSE 'LCG.Site' || lpad(floor(100 * random()^2)::int::text, 3, '0') || '.xx' END,
                   'job_' || g,
                   CASE WHEN r.o = 7 THEN '{TestUser}' ELSE 'user' || lpad(r.o::text, 3, '0') END,
                   CASE WHEN r.o = 0 THEN 'lhcb_mc' WHEN r.o < 5 THEN 'lhcb_prod' ELSE 'lhcb_user' END,
                   'lhcb', ts, ts + interval '2 hours', ts + interval '10 minutes', ts + interval '2 hours', s.st,
                   CASE s.st WHEN 'Done' THEN 'Execution Complete' WHEN 'Failed' THEN 'Application Finished With Errors'
                             WHEN 'Running' THEN 'Application' WHEN 'Waiting' THEN 'Pilot Agent Submission' ELSE 'Unknown' END,
                   'Unknown', 1
            FROM generate_series(1, {jobs}) g
            CROSS JOIN LATERAL (SELECT floor(200 * random()^3)::int AS o, random() AS u,
                                       timestamptz '2025-06-01' + (g * interval '25 seconds') AS ts) r
            CROSS JOIN LATERAL (SELECT CASE WHEN r.u < 0.55 THEN 'Done' WHEN r.u < 0.65 THEN 'Failed'
                                           WHEN r.u < 0.73 THEN 'Running' WHEN r.u < 0.81 THEN 'Waiting'
                                           WHEN r.u < 0.83 THEN 'Completed' WHEN r.u < 0.84 THEN 'Matched'
                                           WHEN r.u < 0.87 THEN 'Received' WHEN r.u < 0.88 THEN 'Checking'
                                           WHEN r.u < 0.93 THEN 'Killed' WHEN r.u < 0.98 THEN 'Deleted'
                                           ELSE 'Stalled' END AS st) s
            """,
            $"SELECT setval(pg_get_serial_sequence('jobdb.\"JobJDLs\"', 'JobID'), {jobs})",
            $"""
            INSERT INTO jobloggingdb."LoggingInfo" ("JobID", "SeqNum", "Status", "MinorStatus", "ApplicationStatus",
                "StatusTime", "StatusTimeOrder", "StatusSource")
            SELECT j, n, (ARRAY['Received','Checking','Waiting','Running'])[n], 'Job accepted', 'Unknown',
                   timestamptz '2025-06-01' + j * interval '25 seconds' + n * interval '1 minute',
                   extract(epoch FROM timestamptz '2025-06-01' + j * interval '25 seconds') - 1270000000, 'JobManager'
            FROM generate_series(1, {jobs}) j, generate_series(1, 4) n
            """,
            // The counter row also carries the latest StatusTimeOrder, as the status code maintains it.
            $"""
            INSERT INTO jobloggingdb."LoggingInfoSeqNums" ("JobID", "LastSeqNum", "LastStatusTimeOrder")
            SELECT g, 4, extract(epoch FROM timestamptz '2025-06-01' + g * interval '25 seconds') - 1270000000
            FROM generate_series(1, {jobs}) g
            """,
            // Parameters for the test user's jobs (the S7 route reads them).
            """
            INSERT INTO jobdb."JobParameters" ("JobID", "Parameters")
            SELECT "JobID", jsonb_build_object('CPUNormalizationFactor', '23.4', 'HostName', 'wn' || ("JobID" % 977) || '.example',
                   'JobWrapperPID', ("JobID" % 30000)::text, 'Memory(MB)', '1843', 'TotalCPUTime(s)', '3600.2')
            FROM jobdb."Jobs" WHERE "Owner" = 'chaen'
            """,
            "VACUUM (ANALYZE) jobdb.\"Jobs\"",
            "VACUUM (ANALYZE) jobdb.\"JobJDLs\"",
            "VACUUM (ANALYZE) jobdb.\"JobParameters\"",
            "VACUUM (ANALYZE) jobdb.\"JobsSummary\"",
            "VACUUM (ANALYZE) jobloggingdb.\"LoggingInfo\"",
            "VACUUM (ANALYZE) jobloggingdb.\"LoggingInfoSeqNums\"",
        ];
        await using var connection = await db.OpenConnectionAsync();
        foreach (var sql in steps)
        {
            var step = Stopwatch.StartNew();
            await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 0 };
            if (sql.Contains("@jdl", StringComparison.Ordinal))
            {
                command.Parameters.AddWithValue("jdl", jdl);
            }
            await command.ExecuteNonQueryAsync();
            log($"  {sql.Split('\n')[0].Trim()[..Math.Min(60, sql.Split('\n')[0].Trim().Length)]}... {step.Elapsed.TotalSeconds:F1}s");
        }
        return clock.Elapsed;
    }
}
