using DiracX.Db.Infrastructure;
using Npgsql;
using NpgsqlTypes;

namespace DiracX.Db.Sandboxes;

/// <summary>A registered sandbox, as the upload, policy and assignment checks need it.</summary>
/// <param name="SBId">The sandbox id.</param>
/// <param name="SEName">Its storage element.</param>
/// <param name="SEPFN">Its PFN (without <c>SB:&lt;SE&gt;|</c>).</param>
/// <param name="OwnerId">Its owner.</param>
/// <param name="Assigned">Whether it is assigned.</param>
/// <param name="Owner">The owner's user name.</param>
/// <param name="OwnerGroup">The owner's group.</param>
/// <param name="VO">The owner's VO.</param>
public sealed record SandboxRow(long SBId, string SEName, string SEPFN, int OwnerId, bool Assigned, string Owner, string OwnerGroup, string VO);

/// <summary>A sandbox chosen for deletion by the clean-up.</summary>
public sealed record SandboxToClean(long SBId, string SEPFN);

/// <summary>What <see cref="SandboxMetadataDb.AssignAsync"/> did.</summary>
public enum SandboxAssignment
{
    /// <summary>The mapping was added.</summary>
    Assigned,
    /// <summary>No such sandbox.</summary>
    NotFound,
    /// <summary>The sandbox already has this mapping.</summary>
    AlreadyAssigned,
}

/// <summary>
/// DiracX's SandboxMetadataDB atomic methods on the <c>sandboxmetadatadb</c> schema, in raw Npgsql, each a fixed
/// number of statements whatever the number of jobs or sandboxes. Entities are DIRAC's <c>Job:&lt;id&gt;</c>.
/// </summary>
public class SandboxMetadataDb(DbConnections connections)
{
    /// <summary>The connections this service works on: the request's unit of work's, or the scope's own.</summary>
    protected DbConnections Connections { get; } = connections;

    /// <summary>The DiracX database this service works on.</summary>
    protected virtual string DbName => DbNames.SandboxMetadataDb;

    /// <summary>The schema of its tables.</summary>
    protected virtual string Schema => DbName;

    private string Table(string name) => NpgsqlSql.Table(Schema, name);

    /// <summary>DIRAC's entity id of a job.</summary>
    public static string JobEntityId(long jobId) => $"Job:{jobId}";

    private async Task<NpgsqlCommand> CommandAsync(string sql, CancellationToken cancellationToken, params NpgsqlParameter[] parameters)
    {
        var connection = await Connections.OpenAsync(DbName, cancellationToken);
        var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddRange(parameters);
        return command;
    }

    /// <summary>The id of the owner (user, group, VO), or null when it has never registered a sandbox.</summary>
    public virtual async Task<int?> GetOwnerIdAsync(string owner, string ownerGroup, string vo, CancellationToken cancellationToken)
    {
        await using var command = await CommandAsync(
            $"""SELECT "OwnerID" FROM {Table("sb_Owners")} WHERE "Owner" = $1 AND "OwnerGroup" = $2 AND "VO" = $3""",
            cancellationToken, NpgsqlSql.Value(owner), NpgsqlSql.Value(ownerGroup), NpgsqlSql.Value(vo));
        return await command.ExecuteScalarAsync(cancellationToken) is int id ? id : null;
    }

    /// <summary>The id of the owner, registering it first when needed (one statement, safe under concurrency).</summary>
    public virtual async Task<int> GetOrInsertOwnerIdAsync(string owner, string ownerGroup, string vo, CancellationToken cancellationToken)
    {
        await using var command = await CommandAsync(
            $"""
            INSERT INTO {Table("sb_Owners")} ("Owner", "OwnerGroup", "VO") VALUES ($1, $2, $3)
            ON CONFLICT ("Owner", "OwnerGroup", "VO") DO UPDATE SET "Owner" = EXCLUDED."Owner"
            RETURNING "OwnerID"
            """, cancellationToken, NpgsqlSql.Value(owner), NpgsqlSql.Value(ownerGroup), NpgsqlSql.Value(vo));
        return (int)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>The registered sandboxes among <paramref name="pfns"/> on <paramref name="seName"/>, with their owners.</summary>
    public virtual async Task<IReadOnlyList<SandboxRow>> GetSandboxesAsync(string seName, IReadOnlyCollection<string> pfns, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pfns);
        return await GetSandboxesAsync([.. pfns.Select(_ => seName)], [.. pfns], cancellationToken);
    }

    /// <summary>The registered sandboxes among the (storage element, PFN) pairs, with their owners, in one statement.</summary>
    public virtual Task<IReadOnlyList<SandboxRow>> GetSandboxesAsync(IReadOnlyList<string> seNames, IReadOnlyList<string> pfns, CancellationToken cancellationToken) =>
        SelectSandboxesAsync(seNames, pfns, lockForAssignment: false, cancellationToken);

    /// <summary>
    /// As <see cref="GetSandboxesAsync(IReadOnlyList{string}, IReadOnlyList{string}, CancellationToken)"/>, locking the
    /// sandboxes found (<c>FOR KEY SHARE</c> in SBId order, the order <see cref="UnassignJobsAsync"/> locks them in, until the transaction ends) so that they can be assigned later in the
    /// transaction: the clean-up skips them, and one the clean-up holds is waited for and, once deleted, not returned.
    /// </summary>
    public virtual Task<IReadOnlyList<SandboxRow>> LockSandboxesForAssignmentAsync(IReadOnlyList<string> seNames, IReadOnlyList<string> pfns,
        CancellationToken cancellationToken) =>
        SelectSandboxesAsync(seNames, pfns, lockForAssignment: true, cancellationToken);

    private async Task<IReadOnlyList<SandboxRow>> SelectSandboxesAsync(IReadOnlyList<string> seNames, IReadOnlyList<string> pfns, bool lockForAssignment,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(seNames);
        ArgumentNullException.ThrowIfNull(pfns);
        if (pfns.Count == 0)
        {
            return [];
        }
        await using var command = await CommandAsync(
            $"""
            SELECT s."SBId", s."SEName", s."SEPFN", s."OwnerId", s."Assigned", o."Owner", o."OwnerGroup", o."VO"
            FROM unnest($1, $2) AS u(se, pfn)
            JOIN {Table("sb_SandBoxes")} AS s ON s."SEName" = u.se AND s."SEPFN" = u.pfn
            JOIN {Table("sb_Owners")} AS o ON o."OwnerID" = s."OwnerId"
            {(lockForAssignment ? "ORDER BY s.\"SBId\" FOR KEY SHARE OF s" : "")}
            """, cancellationToken,
            NpgsqlSql.Array(seNames, NpgsqlDbType.Text), NpgsqlSql.Array(pfns, NpgsqlDbType.Text));
        var rows = new List<SandboxRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new SandboxRow(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.GetBoolean(4),
                reader.GetString(5), reader.GetString(6), reader.GetString(7)));
        }
        return rows;
    }

    /// <summary>
    /// Registers a sandbox (or, when it is already registered, refreshes its LastAccessTime), in one statement.
    /// </summary>
    public virtual async Task InsertSandboxAsync(int ownerId, string seName, string pfn, long bytes, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = await CommandAsync(
            $"""
            INSERT INTO {Table("sb_SandBoxes")} ("OwnerId", "SEName", "SEPFN", "Bytes", "RegistrationTime", "LastAccessTime", "Assigned")
            VALUES ($1, $2, $3, $4, $5, $5, false)
            ON CONFLICT ("SEName", "SEPFN") DO UPDATE SET "LastAccessTime" = EXCLUDED."LastAccessTime"
            """, cancellationToken, NpgsqlSql.Value(ownerId), NpgsqlSql.Value(seName), NpgsqlSql.Value(pfn), NpgsqlSql.Value(bytes),
            NpgsqlSql.Value(now));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Sets the sandbox's LastAccessTime; false when it is not registered.</summary>
    public virtual async Task<bool> TouchAsync(string seName, string pfn, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = await CommandAsync(
            $"""UPDATE {Table("sb_SandBoxes")} SET "LastAccessTime" = $3 WHERE "SEName" = $1 AND "SEPFN" = $2""",
            cancellationToken, NpgsqlSql.Value(seName), NpgsqlSql.Value(pfn), NpgsqlSql.Value(now));
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    /// <summary>
    /// The PFN of the job's sandbox of the given type (<c>Input</c> or <c>Output</c>), the one with the smallest id
    /// when there are several, or null.
    /// </summary>
    public virtual async Task<string?> GetSandboxAssignedToJobAsync(long jobId, string type, CancellationToken cancellationToken)
    {
        await using var command = await CommandAsync(
            $"""
            SELECT s."SEPFN" FROM {Table("sb_EntityMapping")} AS m JOIN {Table("sb_SandBoxes")} AS s ON s."SBId" = m."SBId"
            WHERE m."EntityId" = $1 AND m."Type" = $2 ORDER BY s."SBId" LIMIT 1
            """, cancellationToken, NpgsqlSql.Value(JobEntityId(jobId)), NpgsqlSql.Value(type));
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }

    /// <summary>
    /// Maps the sandbox (by storage element and PFN) to the job as <paramref name="type"/>, and marks it assigned; one
    /// statement. The sandbox row is locked first (<c>FOR KEY SHARE</c>): when a clean-up chunk holds it, the statement
    /// waits, and finds no sandbox once the chunk deleted it (rather than failing on the mapping's foreign key).
    /// </summary>
    public virtual async Task<SandboxAssignment> AssignAsync(long jobId, string seName, string pfn, string type, CancellationToken cancellationToken)
    {
        await using var command = await CommandAsync(
            $"""
            WITH sb AS (SELECT "SBId" FROM {Table("sb_SandBoxes")} WHERE "SEName" = $1 AND "SEPFN" = $2 FOR KEY SHARE),
                 ins AS (INSERT INTO {Table("sb_EntityMapping")} ("SBId", "EntityId", "Type")
                         SELECT "SBId", $3, $4 FROM sb ON CONFLICT DO NOTHING RETURNING "SBId"),
                 upd AS (UPDATE {Table("sb_SandBoxes")} SET "Assigned" = true WHERE "SBId" IN (SELECT "SBId" FROM ins) RETURNING 1)
            SELECT (SELECT count(*) FROM sb), (SELECT count(*) FROM ins), (SELECT count(*) FROM upd)
            """, cancellationToken, NpgsqlSql.Value(seName), NpgsqlSql.Value(pfn), NpgsqlSql.Value(JobEntityId(jobId)), NpgsqlSql.Value(type));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return reader.GetInt64(0) == 0 ? SandboxAssignment.NotFound
            : reader.GetInt64(1) == 0 ? SandboxAssignment.AlreadyAssigned
            : SandboxAssignment.Assigned;
    }

    /// <summary>Maps many (sandbox, job) pairs as <paramref name="type"/> and marks the sandboxes assigned, in one statement.</summary>
    public virtual async Task AssignManyAsync(IReadOnlyList<long> sandboxIds, IReadOnlyList<long> jobIds, string type, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sandboxIds);
        ArgumentNullException.ThrowIfNull(jobIds);
        if (sandboxIds.Count == 0)
        {
            return;
        }
        await using var command = await CommandAsync(
            $"""
            WITH ins AS (INSERT INTO {Table("sb_EntityMapping")} ("SBId", "EntityId", "Type")
                         SELECT u.sb, 'Job:' || u.job, $3 FROM unnest($1, $2) AS u(sb, job) ON CONFLICT DO NOTHING RETURNING "SBId")
            UPDATE {Table("sb_SandBoxes")} SET "Assigned" = true WHERE "SBId" IN (SELECT "SBId" FROM ins) AND NOT "Assigned"
            """, cancellationToken, NpgsqlSql.Array(sandboxIds, NpgsqlDbType.Bigint), NpgsqlSql.Array(jobIds, NpgsqlDbType.Bigint),
            NpgsqlSql.Value(type));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// Removes every mapping of the jobs and marks unassigned the sandboxes left with no mapping (DiracX's
    /// <c>unassign_sandboxes_to_jobs</c>). Returns how many mappings went.
    /// </summary>
    /// <remarks>
    /// Two statements. The first locks the jobs' sandboxes (<c>FOR UPDATE</c>, in SBId order): it waits for an
    /// assignment in progress (which holds <c>FOR KEY SHARE</c> or the row's update lock until it commits), and makes a
    /// later one wait for this transaction. The second, whose snapshot is taken once the locks are held, then sees every
    /// committed mapping. In one statement, a mapping added by an assignment that committed meanwhile was invisible to
    /// the "no mapping left" test: the sandbox was marked unassigned while a job named it, and the clean-up deleted it.
    /// </remarks>
    public virtual async Task<int> UnassignJobsAsync(IReadOnlyCollection<long> jobIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(jobIds);
        if (jobIds.Count == 0)
        {
            return 0;
        }
        var mapping = Table("sb_EntityMapping");
        var entities = jobIds.Distinct().Select(JobEntityId).ToArray();
        await using (var locking = await CommandAsync(
            $"""
            SELECT s."SBId" FROM {Table("sb_SandBoxes")} AS s
            WHERE s."SBId" IN (SELECT "SBId" FROM {mapping} WHERE "EntityId" = ANY($1))
            ORDER BY s."SBId" FOR UPDATE
            """, cancellationToken, NpgsqlSql.Array(entities, NpgsqlDbType.Text)))
        {
            await locking.ExecuteNonQueryAsync(cancellationToken);
        }
        // The CTE's deletions are invisible to the rest of the statement, hence the explicit exclusion of the entities.
        await using var command = await CommandAsync(
            $"""
            WITH del AS (DELETE FROM {mapping} WHERE "EntityId" = ANY($1) RETURNING "SBId"),
                 upd AS (UPDATE {Table("sb_SandBoxes")} AS s SET "Assigned" = false
                         WHERE s."SBId" IN (SELECT "SBId" FROM del)
                           AND NOT EXISTS (SELECT 1 FROM {mapping} AS m WHERE m."SBId" = s."SBId" AND m."EntityId" <> ALL($1)))
            SELECT count(*) FROM del
            """, cancellationToken, NpgsqlSql.Array(entities, NpgsqlDbType.Text));
        return (int)(long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>
    /// One batch of the clean-up's candidates on <paramref name="seName"/> with SBId above <paramref name="cursor"/>, in SBId
    /// order: sandboxes assigned but mapped to nothing, and unassigned ones last accessed before <paramref name="unusedBefore"/>.
    /// No locks are taken: <see cref="DeleteCleanableAsync"/> checks the conditions again.
    /// </summary>
    public virtual async Task<IReadOnlyList<SandboxToClean>> SelectCleanableAsync(string seName, long cursor, int batchSize,
        DateTimeOffset unusedBefore, CancellationToken cancellationToken)
    {
        await using var command = await CommandAsync(
            $"""
            SELECT s."SBId", s."SEPFN" FROM {Table("sb_SandBoxes")} AS s
            WHERE s."SBId" > $2 AND s."SEName" = $1 AND s."SEPFN" LIKE '/S3/%' AND {CleanableCondition("s", "$4")}
            ORDER BY s."SBId" LIMIT $3
            """, cancellationToken, NpgsqlSql.Value(seName), NpgsqlSql.Value(cursor), NpgsqlSql.Value(batchSize), NpgsqlSql.Value(unusedBefore));
        var rows = new List<SandboxToClean>(Math.Min(batchSize, 65_536));
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new SandboxToClean(reader.GetInt64(0), reader.GetString(1)));
        }
        return rows;
    }

    /// <summary>
    /// Deletes one chunk of the clean-up on a connection of its own, in its own transaction: locks the given sandboxes
    /// that are still cleanable (the selection took no lock, so one assigned or used since is left alone; rows another
    /// clean-up holds are skipped), lets <paramref name="deleteObjects"/> delete them from the store (it returns the PFNs
    /// it could not delete), deletes the rows of the others and commits. A sandbox being assigned meanwhile waits for
    /// the commit (its mapping's foreign key), then finds no sandbox. Returns how many sandboxes went.
    /// </summary>
    public virtual async Task<int> CleanChunkAsync(IReadOnlyList<long> sandboxIds, DateTimeOffset unusedBefore,
        Func<IReadOnlyList<SandboxToClean>, CancellationToken, Task<IReadOnlyCollection<string>>> deleteObjects, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sandboxIds);
        ArgumentNullException.ThrowIfNull(deleteObjects);
        if (sandboxIds.Count == 0)
        {
            return 0;
        }
        await using var connection = await Connections.OpenDedicatedAsync(DbName, cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var locked = new List<SandboxToClean>(sandboxIds.Count);
        await using (var select = new NpgsqlCommand(
            $"""
            SELECT s."SBId", s."SEPFN" FROM {Table("sb_SandBoxes")} AS s
            WHERE s."SBId" = ANY($1) AND {CleanableCondition("s", "$2")} FOR UPDATE SKIP LOCKED
            """, connection, transaction))
        {
            select.Parameters.Add(NpgsqlSql.Array(sandboxIds, NpgsqlDbType.Bigint));
            select.Parameters.Add(NpgsqlSql.Value(unusedBefore));
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                locked.Add(new SandboxToClean(reader.GetInt64(0), reader.GetString(1)));
            }
        }
        if (locked.Count == 0)
        {
            return 0;
        }
        var failed = await deleteObjects(locked, cancellationToken);
        var failedSet = failed.Count == 0 ? null : new HashSet<string>(failed, StringComparer.Ordinal);
        var deleted = failedSet is null ? locked.Select(l => l.SBId).ToArray() : [.. locked.Where(l => !failedSet.Contains(l.SEPFN)).Select(l => l.SBId)];
        await using (var delete = new NpgsqlCommand($"""DELETE FROM {Table("sb_SandBoxes")} WHERE "SBId" = ANY($1)""", connection, transaction))
        {
            delete.Parameters.Add(NpgsqlSql.Array(deleted, NpgsqlDbType.Bigint));
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
        return deleted.Length;
    }

    // Assigned with no mapping left (an orphan), or unassigned and unused for long; never while a mapping names it,
    // whatever the flag says: the flag is kept by the writers, and a sandbox a job still names must not be deleted if
    // they ever disagree. Two branches, so that the unassigned one can use the (Assigned, LastAccessTime) index.
    private string CleanableCondition(string alias, string threshold)
    {
        var unmapped = $"""NOT EXISTS (SELECT 1 FROM {Table("sb_EntityMapping")} AS m WHERE m."SBId" = {alias}."SBId")""";
        return $"""
            (({alias}."Assigned" AND {unmapped})
             OR (NOT {alias}."Assigned" AND {alias}."LastAccessTime" < {threshold} AND {unmapped}))
            """;
    }
}
