using System.Collections.Concurrent;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using DiracX.Core.Settings;
using DiracX.Db.Infrastructure;
using DiracX.Db.Sandboxes;
using DiracX.Logic.Sandboxes;
using DiracX.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace DiracX.Logic.Tests.Sandboxes;

/// <summary>
/// <see cref="SandboxCleanup.CleanAsync"/> on a few thousand sandboxes against PostgreSQL and s3rver (issue #18, quirk S4).
/// </summary>
public class SandboxCleanupTests(JobDatabaseFixture fixture) : IClassFixture<JobDatabaseFixture>
{
    private const int Count = 3000;
    private const int BatchSize = 500;
    private const int ChunkSize = 100;
    private const int MaxConcurrentChunks = 3;
    private static readonly DateTimeOffset s_now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>What each sandbox is, by its index modulo 6.</summary>
    private enum Kind
    {
        UnassignedOld,          // deleted
        AssignedToNoJob,        // deleted
        UnassignedRecent,       // kept
        AssignedToAJob,         // kept
        UnassignedOldNoObject,  // deleted (its object already went: the bulk delete is idempotent)
        AssignedToAJobAndOld,   // kept
    }

    private static Kind KindOf(int i) => (Kind)(i % 6);

    private static bool Cleanable(Kind kind) => kind is Kind.UnassignedOld or Kind.AssignedToNoJob or Kind.UnassignedOldNoObject;

    [Fact]
    public async Task Thousands_of_sandboxes_are_cleaned_in_batches_and_failed_keys_are_kept_for_the_next_run()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var s3 = await S3Server.GetSharedAsync(Ct);
        var bucket = S3Server.NewBucketName();
        var settings = new SandboxStoreSettings
        {
            BucketName = bucket,
            S3ClientKwargs = new()
            {
                ["endpoint_url"] = s3.Endpoint,
                ["aws_access_key_id"] = S3Server.AccessKeyId,
                ["aws_secret_access_key"] = S3Server.SecretAccessKey,
            },
            AutoCreateBucket = true,
            CleanBatchSize = BatchSize,
            CleanDeleteChunkSize = ChunkSize,
            CleanMaxConcurrentDbDeletes = MaxConcurrentChunks,
        };
        var logs = new ListLogger();
        using var store = new S3SandboxStore(settings, TimeProvider.System, logs) { RetryDelay = TimeSpan.FromMilliseconds(20), DeleteAttempts = 3 };
        await store.EnsureBucketAsync(Ct);
        using var s3Client = new AmazonS3Client(new BasicAWSCredentials(S3Server.AccessKeyId, S3Server.SecretAccessKey),
            new AmazonS3Config { ServiceURL = s3.Endpoint, ForcePathStyle = true, UseHttp = true, AuthenticationRegion = "us-east-1" });

        // Its own user, so that the other tests of this database do not mix with the counts.
        var user = $"cleaner{Environment.TickCount64 % 1_000_000}";
        // Spread over twenty user folders: s3rver reads a deleted key's whole folder after each delete, which on one
        // folder of thousands of objects would time s3rver rather than the clean-up.
        var pfns = Enumerable.Range(0, Count)
            .Select(i => SandboxPfn.Build(bucket, "lhcb", "lhcb_user", $"{user}-{i % 20}", "sha256", i.ToString("x64"), "tar.zst")).ToArray();
        var ids = await SeedAsync(user, settings.SeName, pfns);
        await Parallel.ForEachAsync(Enumerable.Range(0, Count).Where(i => KindOf(i) != Kind.UnassignedOldNoObject),
            new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = Ct },
            async (i, ct) => await s3Client.PutObjectAsync(new PutObjectRequest
            {
                BucketName = bucket,
                Key = SandboxPfn.ToKey(pfns[i]),
                ContentBody = $"sandbox {i}",
                UseChunkEncoding = false,
            }, ct));

        var seeded = clock.Elapsed;

        // s3rver fails a whole bulk delete (500) when one object cannot be removed: make one object's file a non-empty
        // folder, which the server sees as an object but cannot unlink, at every attempt. Its chunk must stay in the
        // database for the next run.
        var poisoned = Enumerable.Range(0, Count).First(i => i > Count / 2 && KindOf(i) == Kind.UnassignedOld);
        var objectPath = ObjectPath(s3, bucket, pfns[poisoned]);
        Assert.True(File.Exists(objectPath), objectPath);
        File.Delete(objectPath);
        Directory.CreateDirectory(objectPath);
        await File.WriteAllTextAsync(Path.Combine(objectPath, "blocker"), "x", Ct);

        await using var scope = fixture.CreateScope();
        var db = new InterposedSandboxDb(scope.ServiceProvider.GetRequiredService<DbConnections>());
        // Between the unlocked selection of the first batch and its chunks, a few candidates are assigned to a job and a
        // few are used again: the chunks re-check them under lock and leave them alone.
        var assignedMeanwhile = Enumerable.Range(0, BatchSize).Where(i => KindOf(i) == Kind.UnassignedOld).Take(5).ToArray();
        var usedMeanwhile = Enumerable.Range(0, BatchSize).Where(i => KindOf(i) == Kind.UnassignedOld).Skip(5).Take(5).ToArray();
        db.AfterFirstSelection = async () =>
        {
            foreach (var i in assignedMeanwhile)
            {
                Assert.Equal(SandboxAssignment.Assigned, await db.AssignAsync(900_000 + i, settings.SeName, pfns[i], "Input", Ct));
            }
            foreach (var i in usedMeanwhile)
            {
                Assert.True(await db.TouchAsync(settings.SeName, pfns[i], s_now, Ct));
            }
        };

        var cleaning = clock.Elapsed;
        var firstRun = await SandboxCleanup.CleanAsync(db, store, settings, new FakeTimeProvider(s_now), Ct);

        // The chunk that held the poisoned key was kept whole; every other cleanable sandbox went, from the database and the store.
        var poisonedChunk = Assert.Single(db.Chunks, c => c.Contains(ids[poisoned]));
        var keptForRetry = Enumerable.Range(0, Count).Where(i => poisonedChunk.Contains(ids[i])).ToHashSet();
        Assert.True(keptForRetry.Count > 1);
        var spared = assignedMeanwhile.Concat(usedMeanwhile).ToHashSet();
        var expectedGone = Enumerable.Range(0, Count).Where(i => Cleanable(KindOf(i)) && !spared.Contains(i) && !keptForRetry.Contains(i)).ToHashSet();
        Assert.Equal(expectedGone.Count, firstRun);
        var rows = await RemainingAsync(user);
        Assert.Equal(Enumerable.Range(0, Count).Where(i => !expectedGone.Contains(i)).Select(i => pfns[i]).Order(StringComparer.Ordinal), rows);
        Assert.Contains(logs.Lines, l => l.Contains("(attempt 3)", StringComparison.Ordinal));
        Assert.Contains(logs.Lines, l => l.Contains($"{poisonedChunk.Count} sandboxes could not be deleted from {bucket}", StringComparison.Ordinal));

        // Batches, not the whole table: each selection held at most one batch, and at most the configured number of
        // chunks ran at once.
        Assert.True(db.Selections.Count >= (Count / 2) / BatchSize, $"{db.Selections.Count} selections");
        Assert.All(db.Selections, n => Assert.InRange(n, 0, BatchSize));
        Assert.InRange(db.MaxConcurrentChunks, 1, MaxConcurrentChunks);
        Assert.All(db.Chunks, c => Assert.InRange(c.Count, 1, ChunkSize));

        // The next run, with the store healed, deletes what the failed chunk kept (its other objects may already have
        // gone in the failed request: deleting a missing object succeeds).
        Directory.Delete(objectPath, recursive: true);
        db.AfterFirstSelection = null;
        var secondRun = await SandboxCleanup.CleanAsync(db, store, settings, new FakeTimeProvider(s_now), Ct);
        var cleanableKept = keptForRetry.Where(i => Cleanable(KindOf(i)) && !spared.Contains(i)).ToHashSet();
        Assert.Equal(cleanableKept.Count, secondRun);
        var survivors = Enumerable.Range(0, Count).Where(i => !(Cleanable(KindOf(i)) && !spared.Contains(i))).ToArray();
        Assert.Equal(survivors.Select(i => pfns[i]).Order(StringComparer.Ordinal), await RemainingAsync(user));
        Assert.Equal(survivors.Select(i => SandboxPfn.ToKey(pfns[i])).Order(StringComparer.Ordinal), await KeysAsync(s3Client, bucket));

        // Nothing left to do: a third run deletes nothing.
        Assert.Equal(0, await SandboxCleanup.CleanAsync(db, store, settings, new FakeTimeProvider(s_now), Ct));
        TestContext.Current.TestOutputHelper?.WriteLine(
            $"seeded {Count} sandboxes in {seeded.TotalSeconds:F1} s; three clean-ups and checks in {(clock.Elapsed - cleaning).TotalSeconds:F1} s");
    }

    [Fact]
    public async Task A_store_that_cannot_be_reached_deletes_nothing_and_keeps_every_row()
    {
        var user = $"unreached{Environment.TickCount64 % 1_000_000}";
        var settings = new SandboxStoreSettings
        {
            BucketName = "unreachable",
            S3ClientKwargs = new()
            {
                // A port nothing listens on: every bulk delete fails.
                ["endpoint_url"] = $"http://127.0.0.1:{FreePort.Next()}",
                ["aws_access_key_id"] = S3Server.AccessKeyId,
                ["aws_secret_access_key"] = S3Server.SecretAccessKey,
            },
            // A storage element of its own: the other test's run must not see these sandboxes.
            SeName = "UnreachableSE",
            CleanBatchSize = 40,
            CleanDeleteChunkSize = 20,
        };
        var pfns = Enumerable.Range(0, 50).Select(i => SandboxPfn.Build("unreachable", "lhcb", "lhcb_user", user, "sha256", i.ToString("x64"), "tar.zst")).ToArray();
        await SeedAsync(user, settings.SeName, pfns);
        var logs = new ListLogger();
        using var store = new S3SandboxStore(settings, TimeProvider.System, logs) { RetryDelay = TimeSpan.FromMilliseconds(10), DeleteAttempts = 2 };
        await using var scope = fixture.CreateScope();
        var db = new InterposedSandboxDb(scope.ServiceProvider.GetRequiredService<DbConnections>());

        Assert.Equal(0, await SandboxCleanup.CleanAsync(db, store, settings, new FakeTimeProvider(s_now), Ct));
        Assert.Equal(pfns.Order(StringComparer.Ordinal), await RemainingAsync(user));
        Assert.Contains(logs.Lines, l => l.Contains("kept for the next clean-up", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_assignment_waiting_on_a_chunk_s_lock_finds_no_sandbox_once_the_chunk_deleted_it()
    {
        var user = $"racer{Environment.TickCount64 % 1_000_000}";
        const string se = "RaceSE";
        var pfn = SandboxPfn.Build("race", "lhcb", "lhcb_user", user, "sha256", new string('7', 64), "tar.zst");
        var id = Assert.Single(await SeedAsync(user, se, [pfn]));
        await using var cleanerScope = fixture.CreateScope();
        await using var assignerScope = fixture.CreateScope();
        var cleaner = cleanerScope.ServiceProvider.GetRequiredService<SandboxMetadataDb>();
        var assigner = assignerScope.ServiceProvider.GetRequiredService<SandboxMetadataDb>();
        Task<SandboxAssignment>? assignment = null;

        var deleted = await cleaner.CleanChunkAsync([id], s_now - SandboxCleanup.UnusedFor, async (locked, ct) =>
        {
            Assert.Equal(id, Assert.Single(locked).SBId);
            // While the chunk holds the row, a pilot assigns the sandbox as a job's output: it must wait for the chunk.
            assignment = Task.Run(() => assigner.AssignAsync(424242, se, pfn, "Output", ct), ct);
            await WaitUntilBlockedOnALockAsync(ct);
            return [];
        }, Ct);

        Assert.Equal(1, deleted);
        Assert.Equal(SandboxAssignment.NotFound, await assignment!);
        Assert.Empty(await RemainingAsync(user));
    }

    [Fact]
    public async Task A_sandbox_named_by_a_submission_in_progress_is_skipped_by_the_clean_up()
    {
        var user = $"submitter{Environment.TickCount64 % 1_000_000}";
        const string se = "SubmitSE";
        var pfn = SandboxPfn.Build("race", "lhcb", "lhcb_user", user, "sha256", new string('8', 64), "tar.zst");
        var id = Assert.Single(await SeedAsync(user, se, [pfn]));
        await using var submission = await fixture.BeginAsync(Ct);
        var resolved = await SandboxLogic.ResolveInputSandboxesAsync([[$"SB:{se}|{pfn}"]], new SandboxUser(user, "lhcb_user", "lhcb"),
            submission.SandboxMetadataDb, Ct);
        Assert.Equal(id, Assert.Single(resolved[0]));

        // The clean-up runs while the submission's transaction is open: the sandbox is cleanable, but locked.
        await AssertChunkKeepsAsync(id);

        await submission.SandboxMetadataDb.AssignManyAsync([id], [515151], "Input", Ct);
        await submission.CommitAsync(Ct);
        Assert.Equal([pfn], await RemainingAsync(user));
    }

    [Fact]
    public async Task An_old_sandbox_marked_unassigned_that_a_job_still_names_is_not_deleted()
    {
        var user = $"mapped{Environment.TickCount64 % 1_000_000}";
        const string se = "MappedSE";
        var pfn = SandboxPfn.Build("mapped", "lhcb", "lhcb_user", user, "sha256", new string('9', 64), "tar.zst");
        var id = Assert.Single(await SeedAsync(user, se, [pfn]));
        // Unassigned and unused for long (cleanable by its flag), yet a job names it: the flag and the mappings disagree.
        await using (var connection = await fixture.Database.OpenConnectionAsync(Ct))
        await using (var map = new Npgsql.NpgsqlCommand(
            """INSERT INTO sandboxmetadatadb."sb_EntityMapping" ("SBId", "EntityId", "Type") VALUES ($1, 'Job:616161', 'Output')""", connection))
        {
            map.Parameters.AddWithValue(id);
            await map.ExecuteNonQueryAsync(Ct);
        }

        await AssertChunkKeepsAsync(id);
        Assert.Equal([pfn], await RemainingAsync(user));
    }

    /// <summary>A clean-up chunk over the sandbox <paramref name="id"/> neither deletes its row nor asks the store to delete its object.</summary>
    private async Task AssertChunkKeepsAsync(long id)
    {
        await using var scope = fixture.CreateScope();
        var cleaner = scope.ServiceProvider.GetRequiredService<SandboxMetadataDb>();
        var objectsDeleted = 0;
        Assert.Equal(0, await cleaner.CleanChunkAsync([id], s_now - SandboxCleanup.UnusedFor, (locked, _) =>
        {
            objectsDeleted += locked.Count;
            return Task.FromResult<IReadOnlyCollection<string>>([]);
        }, Ct));
        Assert.Equal(0, objectsDeleted);
    }

    /// <summary>Waits until some session of the test database waits for a row lock (the racing assignment).</summary>
    private async Task WaitUntilBlockedOnALockAsync(CancellationToken cancellationToken)
    {
        await using var connection = await fixture.Database.OpenConnectionAsync(cancellationToken);
        while (true)
        {
            await using var command = new Npgsql.NpgsqlCommand(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'", connection);
            if ((long)(await command.ExecuteScalarAsync(cancellationToken))! > 0)
            {
                return;
            }
            await Task.Delay(20, cancellationToken);
        }
    }

    /// <summary>
    /// Registers the sandboxes of <paramref name="user"/> with the kinds of <see cref="KindOf"/>, set-based; returns their ids by index.
    /// </summary>
    private async Task<long[]> SeedAsync(string user, string seName, string[] pfns)
    {
        await using var connection = await fixture.Database.OpenConnectionAsync(Ct);
        await using var command = new Npgsql.NpgsqlCommand(
            """
            WITH owner AS (INSERT INTO sandboxmetadatadb."sb_Owners" ("Owner", "OwnerGroup", "VO") VALUES ($1, 'lhcb_user', 'lhcb') RETURNING "OwnerID"),
                 input AS (SELECT i - 1 AS i, pfn FROM unnest($2::text[]) WITH ORDINALITY AS u(pfn, i)),
                 sb AS (INSERT INTO sandboxmetadatadb."sb_SandBoxes" ("OwnerId", "SEName", "SEPFN", "Bytes", "RegistrationTime", "LastAccessTime", "Assigned")
                        SELECT (SELECT "OwnerID" FROM owner), $5, pfn, 10, $3,
                               CASE WHEN i % 6 IN (2, 3) THEN $4 ELSE $3 END, i % 6 IN (1, 3, 5)
                        FROM input ORDER BY i
                        RETURNING "SBId", "SEPFN", "Assigned"),
                 map AS (INSERT INTO sandboxmetadatadb."sb_EntityMapping" ("SBId", "EntityId", "Type")
                         SELECT sb."SBId", 'Job:' || (100000 + input.i), 'Input' FROM sb JOIN input ON input.pfn = sb."SEPFN" WHERE input.i % 6 IN (3, 5))
            SELECT sb."SBId" FROM sb JOIN input ON input.pfn = sb."SEPFN" ORDER BY input.i
            """, connection);
        command.Parameters.AddWithValue(user);
        command.Parameters.AddWithValue(pfns);
        command.Parameters.AddWithValue(s_now - SandboxCleanup.UnusedFor - TimeSpan.FromDays(5));
        command.Parameters.AddWithValue(s_now - TimeSpan.FromDays(1));
        command.Parameters.AddWithValue(seName);
        var ids = new List<long>(pfns.Length);
        await using var reader = await command.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            ids.Add(reader.GetInt64(0));
        }
        Assert.Equal(pfns.Length, ids.Count);
        return [.. ids];
    }

    private async Task<List<string>> RemainingAsync(string user)
    {
        await using var connection = await fixture.Database.OpenConnectionAsync(Ct);
        await using var command = new Npgsql.NpgsqlCommand(
            """
            SELECT s."SEPFN" FROM sandboxmetadatadb."sb_SandBoxes" AS s JOIN sandboxmetadatadb."sb_Owners" AS o ON o."OwnerID" = s."OwnerId"
            WHERE o."Owner" = $1 ORDER BY s."SEPFN" COLLATE "C"
            """, connection);
        command.Parameters.AddWithValue(user);
        var pfns = new List<string>();
        await using var reader = await command.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            pfns.Add(reader.GetString(0));
        }
        return pfns;
    }

    /// <summary>
    /// Every key of the bucket. ListObjects (v1) with markers: s3rver's v2 continuation tokens use DES, which current
    /// Node.js builds no longer provide (a 500 on any truncated v2 listing).
    /// </summary>
    private static async Task<List<string>> KeysAsync(AmazonS3Client client, string bucket)
    {
        var keys = new List<string>();
        var request = new ListObjectsRequest { BucketName = bucket };
        while (true)
        {
            var page = await client.ListObjectsAsync(request, Ct);
            var objects = page.S3Objects ?? [];
            keys.AddRange(objects.Select(o => o.Key));
            if (page.IsTruncated != true || objects.Count == 0)
            {
                break;
            }
            request.Marker = objects[^1].Key;
        }
        keys.Sort(StringComparer.Ordinal);
        return keys;
    }

    /// <summary>Where s3rver keeps the object of <paramref name="pfn"/> (<c>&lt;bucket&gt;/&lt;key&gt;._S3rver_object</c>).</summary>
    private static string ObjectPath(S3Server s3, string bucket, string pfn) =>
        Path.Combine([s3.DataDirectory, bucket, .. SandboxPfn.ToKey(pfn).Split('/')]) + "._S3rver_object";

    /// <summary>
    /// The real SandboxMetadataDb, observed: it records each selection's size and each chunk, counts the chunks running
    /// at once, and runs <see cref="AfterFirstSelection"/> (real statements) between the first selection and its chunks.
    /// </summary>
    private sealed class InterposedSandboxDb(DbConnections connections) : SandboxMetadataDb(connections)
    {
        private int _running;
        private int _maxRunning;
        private bool _selected;

        public Func<Task>? AfterFirstSelection { get; set; }
        public ConcurrentQueue<int> Selections { get; } = new();
        public ConcurrentQueue<HashSet<long>> Chunks { get; } = new();
        public int MaxConcurrentChunks => _maxRunning;

        public override async Task<IReadOnlyList<SandboxToClean>> SelectCleanableAsync(string seName, long cursor, int batchSize,
            DateTimeOffset unusedBefore, CancellationToken cancellationToken)
        {
            var batch = await base.SelectCleanableAsync(seName, cursor, batchSize, unusedBefore, cancellationToken);
            Selections.Enqueue(batch.Count);
            if (!_selected && AfterFirstSelection is { } hook)
            {
                _selected = true;
                await hook();
            }
            return batch;
        }

        public override async Task<int> CleanChunkAsync(IReadOnlyList<long> sandboxIds, DateTimeOffset unusedBefore,
            Func<IReadOnlyList<SandboxToClean>, CancellationToken, Task<IReadOnlyCollection<string>>> deleteObjects, CancellationToken cancellationToken)
        {
            Chunks.Enqueue([.. sandboxIds]);
            var running = Interlocked.Increment(ref _running);
            InterlockedMax(ref _maxRunning, running);
            try
            {
                return await base.CleanChunkAsync(sandboxIds, unusedBefore, deleteObjects, cancellationToken);
            }
            finally
            {
                Interlocked.Decrement(ref _running);
            }
        }

        private static void InterlockedMax(ref int target, int value)
        {
            for (var current = Volatile.Read(ref target); value > current; current = Volatile.Read(ref target))
            {
                if (Interlocked.CompareExchange(ref target, value, current) == current)
                {
                    return;
                }
            }
        }
    }

    private sealed class ListLogger : ILogger<S3SandboxStore>
    {
        public ConcurrentQueue<string> Lines { get; } = new();
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Lines.Enqueue(formatter(state, exception));
    }
}
