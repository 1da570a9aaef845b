using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using DiracX.Testing;
using Npgsql;
using NpgsqlTypes;

namespace DiracX.Bench;

internal sealed partial class Bench
{
    private const string JobColumns = "\"JobID\", \"JobType\", \"JobGroup\", \"Site\", \"JobName\", \"Owner\", \"OwnerGroup\", \"VO\", " +
        "\"SubmissionTime\", \"RescheduleTime\", \"LastUpdateTime\", \"StartExecTime\", \"HeartBeatTime\", \"EndExecTime\", \"Status\", " +
        "\"MinorStatus\", \"ApplicationStatus\", \"UserPriority\", \"RescheduleCounter\", \"VerifiedFlag\", \"AccountedFlag\"";

    private HttpClient Api(TestIdentity identity, int workers)
    {
        var client = Load.Client(_routers.Url, workers);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _keystore.MintAccessToken(identity));
        return client;
    }

    private static HttpRequestMessage Json(HttpMethod method, string path, byte[] body) =>
        new(method, path) { Content = new ByteArrayContent(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } } };

    /// <summary>
    /// VACUUM (ANALYZE) of these tables, untimed, so that the raw and the API side of a scenario start in the same state:
    /// otherwise the dead rows one side leaves (updates, or the raw side's clean-up) are vacuumed by autovacuum while
    /// the other side is measured, and on two cores that lands on whichever side comes second.
    /// </summary>
    private async Task VacuumAsync(params string[] tables)
    {
        foreach (var table in tables)
        {
            await using var vacuum = _db.CreateCommand($"VACUUM (ANALYZE) {table}");
            vacuum.CommandTimeout = 0;
            await vacuum.ExecuteNonQueryAsync();
        }
    }

    private static readonly string[] StatusTables = ["jobdb.\"Jobs\"", "jobdb.\"JobsSummary\"", "jobdb.\"JobParameters\"",
        "jobloggingdb.\"LoggingInfo\"", "jobloggingdb.\"LoggingInfoSeqNums\""];

    private static readonly string[] SubmissionTables = ["jobdb.\"JobJDLs\"", .. StatusTables];

    private async Task ResetStatementsAsync() => await _db.CreateCommand("SELECT pg_stat_statements_reset()").ExecuteNonQueryAsync();

    private async Task<long> StatementsAsync()
    {
        await using var cmd = _db.CreateCommand(
            "SELECT coalesce(sum(calls), 0)::bigint FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid " +
            "WHERE d.datname = 'diracx' AND s.query NOT ILIKE '%pg_stat_statements%'");
        return (long)(await cmd.ExecuteScalarAsync())!;
    }

    /// <summary>Runs an API load with pg_stat_statements reset before it; returns the load and statements per request.</summary>
    private async Task<(LoadResult Load, double Statements)> ApiLoadAsync(int workers, Func<int, long, Task<string?>> op, long? count = null,
        TimeSpan? duration = null)
    {
        await ResetStatementsAsync();
        var cpu = _routers.CpuTime();
        var load = await Load.RunAsync(workers, duration ?? o.Duration, op, count);
        load.RoutersCpuUs = (_routers.CpuTime() - cpu).TotalMicroseconds / Math.Max(1, load.Operations);
        var statements = await StatementsAsync();
        return (load, load.Operations == 0 ? double.NaN : (double)statements / load.Operations);
    }

    private string Verdict(bool ok) => o.Smoke ? "n/a (smoke)" : ok ? "PASS" : "MISS";

    private void Add(string scenario, string api, string raw, double? ratio, string target, bool ok, LoadResult? load, double? statements, string notes = "")
    {
        var (rss, _) = _routers.Memory();
        var result = new ScenarioResult(scenario, api, raw, ratio, target, Verdict(ok), load?.P50, load?.P99, statements, load?.RoutersCpuUs, rss,
            load?.Operations ?? 0, load?.Errors ?? 0, notes + (load?.FirstError is { } e ? " first error: " + e : ""));
        _results.Add(result);
        Log($"{scenario}: API {api}, raw {raw}, ratio {Report.F(ratio)}, target {target} -> {result.Verdict}; p50 {Report.F(load?.P50)} ms, " +
            $"p99 {Report.F(load?.P99)} ms, {Report.F(statements, "F1")} statements/request, routers CPU {Report.F(load?.RoutersCpuUs, "F0")} µs/request, errors {load?.Errors ?? 0}{(load?.FirstError is { } fe ? " (" + fe + ")" : "")}");
    }

    private static string PerSecond(double v) => $"{v.ToString("N0", CultureInfo.InvariantCulture)}/s";

    private static string Ms(double v) => $"{v.ToString("F2", CultureInfo.InvariantCulture)} ms";

    private async Task<long[]> PickJobsAsync(string status, string? owner, int count, long[]? exclude = null)
    {
        await using var cmd = _db.CreateCommand(
            "SELECT \"JobID\" FROM jobdb.\"Jobs\" WHERE \"Status\" = $1 AND ($2::text IS NULL OR \"Owner\" = $2) AND NOT (\"JobID\" = ANY($3)) ORDER BY random() LIMIT $4");
        cmd.Parameters.Add(new NpgsqlParameter { Value = status });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)owner ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = exclude ?? [] });
        cmd.Parameters.Add(new NpgsqlParameter { Value = count });
        var ids = new List<long>();
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetInt64(0));
        }
        return [.. ids];
    }

    private static byte[] SubmitBody(int jobs, int seed) =>
        JsonSerializer.SerializeToUtf8Bytes(Enumerable.Range(0, jobs).Select(i => DataGenerator.Jdl(seed + i)).ToArray());

    private static byte[] StatusBody(IEnumerable<long> ids, string status, string minor, string source)
    {
        var time = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture);
        var body = ids.ToDictionary(id => id.ToString(CultureInfo.InvariantCulture),
            _ => new Dictionary<string, object> { [time] = new { Status = status, MinorStatus = minor, Source = source } });
        return JsonSerializer.SerializeToUtf8Bytes(body);
    }

    // ---- statements per request must not grow with the number of jobs ----
    private async Task StatementConstancyAsync()
    {
        using var user = Api(TestIdentity.NormalUser, 1);
        using var pilot = Api(TestIdentity.Pilot, 1);
        async Task<long> Count(HttpClient client, HttpRequestMessage request)
        {
            await ResetStatementsAsync();
            var error = await Load.SendAsync(client, request);
            if (error is not null)
            {
                _failures.Add("statement-constancy request failed: " + error);
            }
            return await StatementsAsync();
        }
        await Count(user, Json(HttpMethod.Post, "/api/jobs/jdl", SubmitBody(1, 0))); // warm-up
        var submit1 = await Count(user, Json(HttpMethod.Post, "/api/jobs/jdl", SubmitBody(1, 1)));
        var submit50 = await Count(user, Json(HttpMethod.Post, "/api/jobs/jdl", SubmitBody(50, 2)));
        var running = await PickJobsAsync("Running", null, 202);
        await Count(pilot, Json(HttpMethod.Patch, "/api/jobs/status", StatusBody(running.Take(1), "Done", "Execution Complete", "JobWrapper")));
        var status1 = await Count(pilot, Json(HttpMethod.Patch, "/api/jobs/status", StatusBody(running.Skip(1).Take(1), "Done", "Execution Complete", "JobWrapper")));
        var status200 = await Count(pilot, Json(HttpMethod.Patch, "/api/jobs/status", StatusBody(running.Skip(2).Take(200), "Done", "Execution Complete", "JobWrapper")));
        var line = $"statements per request: submit 1 job = {submit1}, 50 jobs = {submit50}; status update 1 job = {status1}, 200 jobs = {status200}";
        Log(line);
        _notes.Add(line);
        if (submit1 != submit50)
        {
            _failures.Add($"submission statements grow with job count ({submit1} vs {submit50})");
        }
        if (status1 != status200)
        {
            _failures.Add($"status-update statements grow with job count ({status1} vs {status200})");
        }
    }

    // ---- floor: token check, no database, vs a plain Kestrel JSON endpoint ----
    private async Task FloorAsync()
    {
        const int workers = 32;
        using var plain = Load.Client(_side.Url, workers);
        var raw = await Load.RunAsync(workers, o.Duration, (_, _) => Load.SendAsync(plain, new HttpRequestMessage(HttpMethod.Get, "/json")));
        using var api = Api(TestIdentity.NormalUser, workers);
        var (load, statements) = await ApiLoadAsync(workers, (_, _) => Load.SendAsync(api, new HttpRequestMessage(HttpMethod.Get, "/api/auth/userinfo")));
        var ratio = load.PerSecond / raw.PerSecond;
        Add("Floor GET /api/auth/userinfo (32 clients)", PerSecond(load.PerSecond), PerSecond(raw.PerSecond) + " Kestrel", ratio,
            ">= 0.5 of plain Kestrel", ratio >= 0.5, load, statements);
    }

    // ---- S7: job parameters by id vs a prepared primary-key SELECT ----
    private async Task S7Async()
    {
        const int workers = 32;
        var ids = await PickJobsAsync("Done", DataGenerator.TestUser, 5000);
        ids = [.. ids.Concat(await PickJobsAsync("Failed", DataGenerator.TestUser, 5000))];
        var connections = new NpgsqlConnection[workers];
        for (var i = 0; i < workers; i++)
        {
            connections[i] = await _db.OpenConnectionAsync();
        }
        var commands = connections.Select(c =>
        {
            var cmd = new NpgsqlCommand("SELECT \"Parameters\" FROM jobdb.\"JobParameters\" WHERE \"JobID\" = $1", c);
            cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = 0 });
            cmd.Prepare();
            return cmd;
        }).ToArray();
        var raw = await Load.RunAsync(workers, o.Duration, async (w, n) =>
        {
            var cmd = commands[w];
            ((NpgsqlParameter<long>)cmd.Parameters[0]).TypedValue = ids[(int)(n % ids.Length)];
            await cmd.ExecuteScalarAsync();
            return null;
        });
        foreach (var c in commands)
        {
            await c.DisposeAsync();
        }
        foreach (var c in connections)
        {
            await c.DisposeAsync();
        }
        using var api = Api(TestIdentity.NormalUser, workers);
        var (load, statements) = await ApiLoadAsync(workers, (_, n) =>
            Load.SendAsync(api, new HttpRequestMessage(HttpMethod.Get, $"/api/jobs/{ids[(int)(n % ids.Length)]}/parameters")));
        var ratio = load.PerSecond / raw.PerSecond;
        Add("S7 GET /api/jobs/{id}/parameters (32 clients)", PerSecond(load.PerSecond), PerSecond(raw.PerSecond) + " PK", ratio,
            ">= 0.2 of raw, p50 <= 2 ms", ratio >= 0.2 && load.P50 <= 2, load, statements);
    }

    private static string Owner(long n)
    {
        // typical owners: user010..user199 (user007 is chaen), deterministic per request number
        var o = 10 + (int)(n * 7919 % 190);
        return "user" + o.ToString("000", CultureInfo.InvariantCulture);
    }

    private static readonly string[] s_byStatus = ["Status"];

    private static readonly string[] s_searchStatuses = ["Running", "Done", "Waiting", "Failed"];

    // ---- S5: search by Status + Owner, 100 rows and the total ----
    private async Task S5Async()
    {
        const int workers = 16;
        var raw = await RawSearchLoadAsync(workers, (n) => ($"WHERE \"Status\" = $1 AND \"Owner\" = $2 AND \"VO\" = 'lhcb'",
            [s_searchStatuses[n % 4], Owner(n)], "ORDER BY \"JobID\" DESC LIMIT 100"), o.Duration);
        using var api = Api(TestIdentity.NormalUser, workers);
        var (load, statements) = await ApiLoadAsync(workers, (_, n) =>
        {
            var body = JsonSerializer.SerializeToUtf8Bytes(new
            {
                search = new object[]
                {
                    new { parameter = "Status", @operator = "eq", value = s_searchStatuses[n % 4] },
                    new { parameter = "Owner", @operator = "eq", value = Owner(n) },
                },
                sort = new[] { new { parameter = "JobID", direction = "desc" } },
            });
            return Load.SendAsync(api, Json(HttpMethod.Post, "/api/jobs/search?page=1&per_page=100", body), RequireTotal);
        });
        var ratio = load.PerSecond / raw.PerSecond;
        Add("S5 search Status+Owner, 100 rows + total (16 clients)", PerSecond(load.PerSecond), PerSecond(raw.PerSecond) + " pairs", ratio,
            ">= 0.6 of raw, p50 <= 5 ms", ratio >= 0.6 && load.P50 <= 5, load, statements);
    }

    private static void RequireTotal(HttpResponseMessage response, string body)
    {
        if (!response.Content.Headers.TryGetValues("Content-Range", out _) && !response.Headers.TryGetValues("Content-Range", out _) && body.Length == 0)
        {
            throw new InvalidOperationException("search answered without a total (Content-Range)");
        }
    }

    /// <summary>The raw search: the page and the count, as two statements in one round trip (NpgsqlBatch), prepared.</summary>
    private async Task<LoadResult> RawSearchLoadAsync(int workers, Func<long, (string Where, string[] Args, string Tail)> query, TimeSpan duration, long? count = null)
    {
        var connections = new NpgsqlConnection[workers];
        for (var i = 0; i < workers; i++)
        {
            connections[i] = await _db.OpenConnectionAsync();
        }
        try
        {
            return await Load.RunAsync(workers, duration, async (w, n) =>
            {
                var (where, values, tail) = query(n);
                await using var batch = new NpgsqlBatch(connections[w]);
                var page = new NpgsqlBatchCommand($"SELECT {JobColumns} FROM jobdb.\"Jobs\" {where} {tail}");
                var total = new NpgsqlBatchCommand($"SELECT count(*) FROM jobdb.\"Jobs\" {where}");
                foreach (var v in values)
                {
                    page.Parameters.Add(new NpgsqlParameter { Value = v });
                    total.Parameters.Add(new NpgsqlParameter { Value = v });
                }
                batch.BatchCommands.Add(page);
                batch.BatchCommands.Add(total);
                await using var reader = await batch.ExecuteReaderAsync();
                var rows = 0;
                while (await reader.ReadAsync())
                {
                    rows++;
                }
                await reader.NextResultAsync();
                await reader.ReadAsync();
                return null;
            }, count);
        }
        finally
        {
            foreach (var c in connections)
            {
                await c.DisposeAsync();
            }
        }
    }

    // ---- S5 deep page: OFFSET 99,900 (page 1000 of 100) ----
    private async Task S5DeepAsync()
    {
        var page = Math.Max(1, Math.Min(1000, o.Jobs / 100 / 2));
        var offset = (page - 1) * 100;
        var duration = TimeSpan.FromSeconds(Math.Max(0.5, o.Seconds / 2));
        var raw = await RawSearchLoadAsync(1, _ => ("WHERE \"VO\" = 'lhcb'", [], $"ORDER BY \"JobID\" DESC OFFSET {offset} LIMIT 100"), duration);
        using var api = Api(TestIdentity.NormalUser, 1);
        var body = JsonSerializer.SerializeToUtf8Bytes(new { search = Array.Empty<object>(), sort = new[] { new { parameter = "JobID", direction = "desc" } } });
        var (load, statements) = await ApiLoadAsync(1, (_, _) => Load.SendAsync(api, Json(HttpMethod.Post, $"/api/jobs/search?page={page}&per_page=100", body)), duration: duration);
        Add($"S5 deep page (OFFSET {offset:N0}) + total, 1 client", Ms(load.P50), Ms(raw.P50), load.P50 / raw.P50,
            "p50 <= 2 ms", load.P50 <= 2, load, statements, "raw = the same page + count(*)");
    }

    // ---- S6: global summary by Status (admin) ----
    private async Task<(LoadResult Api, LoadResult Raw, double Statements)> SummaryAsync()
    {
        var duration = TimeSpan.FromSeconds(Math.Max(0.5, o.Seconds / 2));
        await using var connection = await _db.OpenConnectionAsync();
        await using var cmd = new NpgsqlCommand("SELECT \"Status\", count(*) FROM jobdb.\"Jobs\" WHERE \"VO\" = 'lhcb' GROUP BY \"Status\"", connection);
        var raw = await Load.RunAsync(1, duration, async (_, _) =>
        {
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
            }
            return null;
        });
        using var api = Api(TestIdentity.Admin, 1);
        var body = JsonSerializer.SerializeToUtf8Bytes(new { grouping = s_byStatus, search = Array.Empty<object>() });
        var (load, statements) = await ApiLoadAsync(1, (_, _) => Load.SendAsync(api, Json(HttpMethod.Post, "/api/jobs/summary", body)), duration: duration);
        return (load, raw, statements);
    }

    private async Task S6Async()
    {
        var (load, raw, statements) = await SummaryAsync();
        Add("S6 global summary by Status (admin, 1 client)", Ms(load.P50), Ms(raw.P50) + " GROUP BY", load.P50 / raw.P50,
            "p50 <= 25 ms", load.P50 <= 25, load, statements);
    }

    // ---- S3: 10k random Running jobs -> Done in one PATCH, vs the raw transaction ----
    private async Task S3Async()
    {
        var rawIds = await PickJobsAsync("Running", null, o.StatusJobs);
        var apiIds = await PickJobsAsync("Running", null, o.StatusJobs, rawIds);
        using var pilot = Api(TestIdentity.Pilot, 1);
        // Untimed updates of other jobs first: the first large status updates of a routers process pay for their JIT
        // (methods are recompiled optimised after their first calls, in the background) and for growing the GC heap.
        // The first one is reported below; the second was still ~30% slower than the later ones.
        var warmups = new List<LoadResult>();
        long[] warmed = [.. rawIds, .. apiIds];
        for (var i = 0; i < (o.Smoke ? 1 : 3); i++)
        {
            var warmIds = await PickJobsAsync("Running", null, o.StatusJobs, warmed);
            warmed = [.. warmed, .. warmIds];
            warmups.Add(await Load.RunAsync(1, TimeSpan.FromMinutes(5), (_, _) => Load.SendAsync(pilot,
                Json(HttpMethod.Patch, "/api/jobs/status", StatusBody(warmIds, "Done", "Execution Complete", "JobWrapper"))), 1));
        }
        await VacuumAsync(StatusTables);
        var clock = Stopwatch.StartNew();
        await using (var connection = await _db.OpenConnectionAsync())
        await using (var tx = await connection.BeginTransactionAsync())
        {
            await using (var update = new NpgsqlCommand(
                "UPDATE jobdb.\"Jobs\" SET \"Status\" = 'Done', \"MinorStatus\" = 'Execution Complete', \"LastUpdateTime\" = now(), \"EndExecTime\" = now() " +
                "WHERE \"JobID\" = ANY($1)", connection, tx))
            {
                update.Parameters.Add(new NpgsqlParameter { Value = rawIds });
                await update.ExecuteNonQueryAsync();
            }
            await using (var logging = new NpgsqlCommand(
                "WITH s AS (INSERT INTO jobloggingdb.\"LoggingInfoSeqNums\" AS t (\"JobID\", \"LastSeqNum\") SELECT id, 1 FROM unnest($1::bigint[]) id " +
                "ON CONFLICT (\"JobID\") DO UPDATE SET \"LastSeqNum\" = t.\"LastSeqNum\" + 1 RETURNING \"JobID\", \"LastSeqNum\") " +
                "INSERT INTO jobloggingdb.\"LoggingInfo\" (\"JobID\", \"SeqNum\", \"Status\", \"MinorStatus\", \"ApplicationStatus\", \"StatusTime\", \"StatusTimeOrder\", \"StatusSource\") " +
                "SELECT \"JobID\", \"LastSeqNum\", 'Done', 'Execution Complete', 'Unknown', now(), extract(epoch FROM now()) - 1270000000, 'JobWrapper' FROM s",
                connection, tx))
            {
                logging.Parameters.Add(new NpgsqlParameter { Value = rawIds });
                await logging.ExecuteNonQueryAsync();
            }
            await tx.CommitAsync();
        }
        var rawSeconds = clock.Elapsed.TotalSeconds;
        await VacuumAsync(StatusTables);
        var body = StatusBody(apiIds, "Done", "Execution Complete", "JobWrapper");
        var (load, statements) = await ApiLoadAsync(1, (_, _) => Load.SendAsync(pilot, Json(HttpMethod.Patch, "/api/jobs/status", body)), 1);
        var apiSeconds = load.Seconds;
        await using (var check = _db.CreateCommand("SELECT count(*) FROM jobdb.\"Jobs\" WHERE \"JobID\" = ANY($1) AND \"Status\" = 'Done'"))
        {
            check.Parameters.Add(new NpgsqlParameter { Value = apiIds });
            var done = (long)(await check.ExecuteScalarAsync())!;
            if (done != apiIds.Length)
            {
                _failures.Add($"S3: {done} of {apiIds.Length} jobs are Done after the PATCH");
            }
        }
        Add($"S3 status update, {apiIds.Length:N0} jobs Running->Done (1 PATCH)", $"{apiSeconds:F3} s", $"{rawSeconds:F3} s tx",
            apiSeconds / rawSeconds, "<= 1.5x raw transaction", apiSeconds <= 1.5 * rawSeconds, load, statements,
            $"{apiIds.Length / apiSeconds:N0} jobs/s via API");
        _notes.Add($"S3: the routers' untimed warm-up updates of {o.StatusJobs:N0} other jobs took " +
            string.Join(", ", warmups.Select(w => $"{w.P50 / 1000:F3} s")) + " (the first is a cold process's)");
        if (warmups.FirstOrDefault(w => w.Errors > 0) is { } failed)
        {
            _failures.Add($"S3 warm-up update failed: {failed.FirstError}");
        }
    }

    // ---- visibility-map decay: summary and count after 10% of jobs changed status ----
    private async Task VisibilityDecayAsync()
    {
        await using (var cmd = _db.CreateCommand(
            "UPDATE jobdb.\"Jobs\" SET \"Status\" = CASE WHEN \"Status\" = 'Done' THEN 'Deleted' ELSE 'Done' END, \"LastUpdateTime\" = now() WHERE \"JobID\" % 10 = 7"))
        {
            cmd.CommandTimeout = 0;
            var changed = await cmd.ExecuteNonQueryAsync();
            _notes.Add($"visibility-map decay: {changed:N0} jobs (10%) changed status by SQL, no VACUUM before the next two lines");
        }
        var (load, raw, statements) = await SummaryAsync();
        Add("S6 summary after 10% changed status", Ms(load.P50), Ms(raw.P50) + " GROUP BY", load.P50 / raw.P50,
            "p50 <= 25 ms", load.P50 <= 25, load, statements);
        await using var connection = await _db.OpenConnectionAsync();
        await using var count = new NpgsqlCommand("SELECT count(*) FROM jobdb.\"Jobs\" WHERE \"Status\" = 'Running' AND \"Owner\" = 'user050'", connection);
        var countLoad = await Load.RunAsync(1, TimeSpan.FromSeconds(Math.Max(0.5, o.Seconds / 4)), async (_, _) => { await count.ExecuteScalarAsync(); return null; });
        _notes.Add($"after 10% changed: raw count(Status=Running, Owner=user050) p50 {countLoad.P50:F2} ms; global summary API p50 {load.P50:F2} ms, raw {raw.P50:F2} ms");
    }

    // ---- S1: 100 JDLs per request, 4 clients, vs 4-stream COPY of the same rows ----
    private async Task S1SubmitAsync()
    {
        const int workers = 4;
        var jdl = DataGenerator.Compress(DataGenerator.Jdl(0));
        var original = jdl;
        const long baseId = 2_000_000_000;
        await VacuumAsync(SubmissionTables);
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, workers).Select(async stream =>
        {
            await using var connection = await _db.OpenConnectionAsync();
            await using var tx = await connection.BeginTransactionAsync();
            var first = baseId + (long)stream * o.CopyRowsPerStream;
            var now = DateTimeOffset.UtcNow;
            await using (var copy = await connection.BeginBinaryImportAsync(
                "COPY jobdb.\"JobJDLs\" (\"JobID\", \"JDL\", \"JobRequirements\", \"OriginalJDL\") FROM STDIN (FORMAT BINARY)"))
            {
                for (var i = 0; i < o.CopyRowsPerStream; i++)
                {
                    await copy.StartRowAsync();
                    await copy.WriteAsync(first + i, NpgsqlDbType.Bigint);
                    await copy.WriteAsync(jdl, NpgsqlDbType.Bytea);
                    await copy.WriteAsync(Array.Empty<byte>(), NpgsqlDbType.Bytea);
                    await copy.WriteAsync(original, NpgsqlDbType.Bytea);
                }
                await copy.CompleteAsync();
            }
            await using (var copy = await connection.BeginBinaryImportAsync(
                "COPY jobdb.\"Jobs\" (\"JobID\", \"JobType\", \"JobGroup\", \"Site\", \"JobName\", \"Owner\", \"OwnerGroup\", \"VO\", \"SubmissionTime\", " +
                "\"LastUpdateTime\", \"Status\", \"MinorStatus\", \"ApplicationStatus\", \"UserPriority\") FROM STDIN (FORMAT BINARY)"))
            {
                for (var i = 0; i < o.CopyRowsPerStream; i++)
                {
                    await copy.StartRowAsync();
                    await copy.WriteAsync(first + i, NpgsqlDbType.Bigint);
                    await copy.WriteAsync("User", NpgsqlDbType.Varchar);
                    await copy.WriteAsync("bench", NpgsqlDbType.Varchar);
                    await copy.WriteAsync("ANY", NpgsqlDbType.Varchar);
                    await copy.WriteAsync("bench_" + i, NpgsqlDbType.Varchar);
                    await copy.WriteAsync(DataGenerator.TestUser, NpgsqlDbType.Varchar);
                    await copy.WriteAsync("lhcb_user", NpgsqlDbType.Varchar);
                    await copy.WriteAsync("lhcb", NpgsqlDbType.Varchar);
                    await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
                    await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
                    await copy.WriteAsync("Received", NpgsqlDbType.Varchar);
                    await copy.WriteAsync("Job accepted", NpgsqlDbType.Varchar);
                    await copy.WriteAsync("Unknown", NpgsqlDbType.Varchar);
                    await copy.WriteAsync(1, NpgsqlDbType.Integer);
                }
                await copy.CompleteAsync();
            }
            await using (var copy = await connection.BeginBinaryImportAsync(
                "COPY jobloggingdb.\"LoggingInfo\" (\"JobID\", \"SeqNum\", \"Status\", \"MinorStatus\", \"ApplicationStatus\", \"StatusTime\", \"StatusTimeOrder\", \"StatusSource\") FROM STDIN (FORMAT BINARY)"))
            {
                for (var i = 0; i < o.CopyRowsPerStream; i++)
                {
                    await copy.StartRowAsync();
                    await copy.WriteAsync(first + i, NpgsqlDbType.Bigint);
                    await copy.WriteAsync(1, NpgsqlDbType.Integer);
                    await copy.WriteAsync("Received", NpgsqlDbType.Varchar);
                    await copy.WriteAsync("Job accepted", NpgsqlDbType.Varchar);
                    await copy.WriteAsync("Unknown", NpgsqlDbType.Varchar);
                    await copy.WriteAsync(now, NpgsqlDbType.TimestampTz);
                    await copy.WriteAsync(500_000_000m, NpgsqlDbType.Numeric);
                    await copy.WriteAsync("JobManager", NpgsqlDbType.Varchar);
                }
                await copy.CompleteAsync();
            }
            await using (var copy = await connection.BeginBinaryImportAsync(
                "COPY jobloggingdb.\"LoggingInfoSeqNums\" (\"JobID\", \"LastSeqNum\") FROM STDIN (FORMAT BINARY)"))
            {
                for (var i = 0; i < o.CopyRowsPerStream; i++)
                {
                    await copy.StartRowAsync();
                    await copy.WriteAsync(first + i, NpgsqlDbType.Bigint);
                    await copy.WriteAsync(1, NpgsqlDbType.Integer);
                }
                await copy.CompleteAsync();
            }
            await tx.CommitAsync();
        }));
        var rawRate = workers * o.CopyRowsPerStream / clock.Elapsed.TotalSeconds;
        await using (var cleanup = _db.CreateCommand(
            $"DELETE FROM jobloggingdb.\"LoggingInfo\" WHERE \"JobID\" >= {baseId}; DELETE FROM jobloggingdb.\"LoggingInfoSeqNums\" WHERE \"JobID\" >= {baseId}; " +
            $"DELETE FROM jobdb.\"Jobs\" WHERE \"JobID\" >= {baseId}; DELETE FROM jobdb.\"JobJDLs\" WHERE \"JobID\" >= {baseId}"))
        {
            cleanup.CommandTimeout = 0;
            await cleanup.ExecuteNonQueryAsync();
        }
        using var api = Api(TestIdentity.NormalUser, workers);
        var bodies = Enumerable.Range(0, workers).Select(w => SubmitBody(100, w * 100)).ToArray();
        // Untimed warm-up (the submission path's JIT and heap growth), then both sides start from a vacuumed table.
        var warmup = await Load.RunAsync(workers, TimeSpan.FromMinutes(5),
            (w, _) => Load.SendAsync(api, Json(HttpMethod.Post, "/api/jobs/jdl", bodies[w])), o.SubmitWarmupRequests);
        if (warmup.Errors > 0)
        {
            _failures.Add($"S1 warm-up failed: {warmup.FirstError}");
        }
        await VacuumAsync(SubmissionTables);
        var (load, statements) = await ApiLoadAsync(workers, (w, _) => Load.SendAsync(api, Json(HttpMethod.Post, "/api/jobs/jdl", bodies[w])), o.SubmitRequests);
        var apiRate = load.Operations * 100 / load.Seconds;
        var ratio = apiRate / rawRate;
        Add($"S1 submit, 100 JDLs/request, 4 clients ({o.SubmitRequests} requests)", $"{apiRate:N0} jobs/s", $"{rawRate:N0} rows/s COPYx4", ratio,
            ">= 0.5 of 4-stream COPY", ratio >= 0.5, load, statements);
        _notes.Add($"S1: {o.SubmitWarmupRequests} untimed warm-up requests first, at {warmup.Operations * 100 / warmup.Seconds:N0} jobs/s");
    }

    // ---- S1 parametric: one JDL expanding to 10k jobs ----
    private async Task S1ParametricAsync()
    {
        using var api = Api(TestIdentity.NormalUser, 1);
        var jdl = $$"""[ Executable = "dirac-jobexec"; Arguments = "%s"; JobName = "param_%n"; Parameters = {{o.ParametricJobs}}; ParameterStart = 1; ParameterStep = 1; OutputSandbox = { "std.out" }; ]""";
        var body = JsonSerializer.SerializeToUtf8Bytes(new[] { jdl });
        var created = 0;
        var (load, statements) = await ApiLoadAsync(1, (_, _) => Load.SendAsync(api, Json(HttpMethod.Post, "/api/jobs/jdl", body),
            (_, text) => created = JsonDocument.Parse(text).RootElement.GetArrayLength()), o.Smoke ? 1 : 3);
        if (created != o.ParametricJobs)
        {
            _failures.Add($"parametric submission created {created} jobs, expected {o.ParametricJobs}");
        }
        Add($"S1 one parametric JDL -> {o.ParametricJobs:N0} jobs", $"{load.P50 / 1000:F3} s", "-", null, "<= 1 s", load.P50 <= 1000, load, statements);
    }

    // ---- S8: mixed soak (an "LHCb day x 10") ----
    private async Task SoakAsync()
    {
        var duration = TimeSpan.FromSeconds(o.SoakSeconds);
        using var user = Api(TestIdentity.NormalUser, 8);
        using var pilot = Api(TestIdentity.Pilot, 8);
        using var admin = Api(TestIdentity.Admin, 2);
        var running = new System.Collections.Concurrent.ConcurrentQueue<long>(await PickJobsAsync("Running", null, 200_000));
        var summary = JsonSerializer.SerializeToUtf8Bytes(new { grouping = s_byStatus, search = Array.Empty<object>() });
        async Task<LoadResult> Paced(double perSecond, int workers, Func<long, Task<string?>> op)
        {
            // Operation n starts at n / perSecond (or at once when behind): the latencies are the requests' own, not the pacing.
            var clock = Stopwatch.StartNew();
            return await Load.RunAsync(workers, duration, (_, n) => op(n), delayBefore: n => TimeSpan.FromSeconds(n / perSecond) - clock.Elapsed);
        }
        var submissions = Paced(230.0 / 50, 2, n => Load.SendAsync(user, Json(HttpMethod.Post, "/api/jobs/jdl", SubmitBody(20 + (int)(n % 81), (int)n))));
        var updates = Paced(2300.0 / 500, 4, _ =>
        {
            // The pool cycles (a 5-minute soak updates more jobs than are Running): force=true lets a job that is
            // already Done take the update again, with the same writes.
            var ids = new List<long>();
            while (ids.Count < 500 && running.TryDequeue(out var id))
            {
                ids.Add(id);
            }
            var body = StatusBody(ids, "Done", "Execution Complete", "JobWrapper");
            ids.ForEach(running.Enqueue);
            return Load.SendAsync(pilot, Json(HttpMethod.Patch, "/api/jobs/status?force=true", body));
        });
        var searches = Paced(50, 4, n => Load.SendAsync(user, Json(HttpMethod.Post, "/api/jobs/search?page=1&per_page=100", JsonSerializer.SerializeToUtf8Bytes(new
        {
            search = new object[] { new { parameter = "Status", @operator = "eq", value = s_searchStatuses[n % 4] }, new { parameter = "Owner", @operator = "eq", value = Owner(n) } },
        }))));
        var summaries = Paced(5, 1, _ => Load.SendAsync(admin, Json(HttpMethod.Post, "/api/jobs/summary", summary)));
        await ResetStatementsAsync();
        await Task.WhenAll(submissions, updates, searches, summaries);
        foreach (var (name, load) in new[] { ("S8 soak: submissions (20-100 jobs)", submissions.Result), ("S8 soak: status updates (500 jobs)", updates.Result),
            ("S8 soak: searches", searches.Result), ("S8 soak: global summaries", summaries.Result) })
        {
            Add(name, PerSecond(load.PerSecond), "-", null, "zero errors", load.Errors == 0, load, null);
        }
        await using var dead = _db.CreateCommand("SELECT n_live_tup, n_dead_tup, autovacuum_count FROM pg_stat_user_tables WHERE relname = 'Jobs'");
        await using var reader = await dead.ExecuteReaderAsync();
        if (await reader.ReadAsync())
        {
            _notes.Add($"after the soak: Jobs n_live_tup {reader.GetInt64(0):N0}, n_dead_tup {reader.GetInt64(1):N0}, autovacuum runs {reader.GetInt64(2)}");
        }
    }
}
