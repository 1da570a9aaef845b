using DiracX.Api.Jobs;
using DiracX.Api.Sandboxes;
using DiracX.Core.Jdl;
using DiracX.Testing;

namespace DiracX.Api.Tests.Sandboxes;

/// <summary>
/// <see cref="JobSubmissionApi"/>: JDLs whose InputSandbox names local files, submitted over HTTP to the routers with
/// their s3rver store (issue #18, item 5).
/// </summary>
public class JobSubmissionApiTests(SandboxApiFixture fixture) : IClassFixture<SandboxApiFixture>
{
    private static readonly SandboxCreateOptions s_fast = new() { CompressionLevel = 1 };
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string TempDir() => Directory.CreateTempSubdirectory("diracx-sb-submit-").FullName;

    private async Task<List<(string Pfn, string Type)>> InputMappingsAsync(long jobId)
    {
        await using var connection = await fixture.App.Database!.OpenConnectionAsync(Ct);
        await using var command = new Npgsql.NpgsqlCommand(
            """
            SELECT 'SB:' || s."SEName" || '|' || s."SEPFN", m."Type" FROM sandboxmetadatadb."sb_EntityMapping" AS m
            JOIN sandboxmetadatadb."sb_SandBoxes" AS s ON s."SBId" = m."SBId" WHERE m."EntityId" = $1 ORDER BY s."SBId"
            """, connection);
        command.Parameters.AddWithValue($"Job:{jobId}");
        var rows = new List<(string, string)>();
        await using var reader = await command.ExecuteReaderAsync(Ct);
        while (await reader.ReadAsync(Ct))
        {
            rows.Add((reader.GetString(0), reader.GetString(1)));
        }
        return rows;
    }

    [Fact]
    public async Task Local_input_files_become_a_sandbox_assigned_to_the_job_and_other_entries_are_kept()
    {
        var folder = TempDir();
        await File.WriteAllTextAsync(Path.Combine(folder, "run.sh"), "#!/bin/sh\necho hi\n", Ct);
        Directory.CreateDirectory(Path.Combine(folder, "conf", "deep"));
        await File.WriteAllTextAsync(Path.Combine(folder, "conf", "deep", "settings.json"), "{\"a\": 1}", Ct);
        var elsewhere = TempDir();
        await File.WriteAllTextAsync(Path.Combine(elsewhere, "absolute.txt"), "absolute", Ct);
        using var client = fixture.Client(TestIdentity.NormalUser);
        using var storage = new HttpClient(new PresignedPostVerifier());
        // A sandbox uploaded before, named by its PFN, stays as it is next to the new one.
        var earlierSource = TempDir();
        await File.WriteAllTextAsync(Path.Combine(earlierSource, "earlier.txt"), "earlier", Ct);
        var earlier = await SandboxApi.CreateSandboxAsync(client, storage, [Path.Combine(earlierSource, "earlier.txt")], s_fast, Ct);
        var absolute = Path.Combine(elsewhere, "absolute.txt");
        var jdl = $$"""
            Executable = "run.sh";
            InputSandbox = {"LFN:/lhcb/user/c/chaen/data.txt", "run.sh", "{{earlier}}", "conf/", "{{absolute}}"};
            """;

        var prepared = Assert.Single(await JobSubmissionApi.PrepareJdlsAsync(client, storage, [jdl], folder, s_fast, Ct));
        var entries = JdlParser.Parse(prepared).GetStringList("InputSandbox");
        Assert.Equal(3, entries.Count);
        Assert.Equal("LFN:/lhcb/user/c/chaen/data.txt", entries[0]);
        Assert.Matches(@"^SB:SandboxSE\|/S3/.+/lhcb/lhcb_user/chaen/sha256:[0-9a-f]{64}\.tar\.zst$", entries[1]);
        Assert.Equal(earlier, entries[2]);
        Assert.Equal("run.sh", JdlParser.Parse(prepared).GetString("Executable"));

        var job = Assert.Single(await JobSubmissionApi.SubmitJdlsAsync(client, storage, [jdl], folder, s_fast, Ct));

        // Both sandboxes are the job's Input; the new one holds the local files under their own names.
        var mappings = await InputMappingsAsync(job.JobID);
        Assert.Equal([(earlier, "Input"), (entries[1], "Input")], mappings.OrderBy(m => m.Pfn == earlier ? 0 : 1));
        var sandboxes = await client.Jobs.GetJobSandboxesAsync(job.JobID, Ct);
        Assert.Single(sandboxes["Input"]);
        var destination = TempDir();
        await SandboxApi.DownloadSandboxAsync(client, storage, entries[1], destination, Ct);
        Assert.Equal("#!/bin/sh\necho hi\n", await File.ReadAllTextAsync(Path.Combine(destination, "run.sh"), Ct));
        Assert.Equal("{\"a\": 1}", await File.ReadAllTextAsync(Path.Combine(destination, "conf", "deep", "settings.json"), Ct));
        Assert.Equal("absolute", await File.ReadAllTextAsync(Path.Combine(destination, "absolute.txt"), Ct));
        Assert.Equal(["absolute.txt", "conf", "run.sh"], Directory.EnumerateFileSystemEntries(destination).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Jdls_naming_the_same_files_share_one_sandbox_and_jdls_without_local_files_are_sent_as_written()
    {
        var folder = TempDir();
        await File.WriteAllTextAsync(Path.Combine(folder, "in.txt"), "shared", Ct);
        const string remoteOnly = "Executable = \"echo\";   InputSandbox = {\"LFN:/lhcb/x\"};";
        var calls = new List<IReadOnlyList<string>>();
        var prepared = await JobSubmissionApi.PrepareJdlsAsync(
            ["Executable = \"a\"; InputSandbox = \"in.txt\";", "Executable = \"b\"; InputSandbox = {\"./in.txt\"};", remoteOnly, "Executable = "],
            folder, (paths, _) =>
            {
                calls.Add(paths);
                return Task.FromResult($"SB:SandboxSE|/S3/b/lhcb/g/u/sha256:{new string('e', 64)}.tar.zst");
            }, Ct);

        Assert.Equal([Path.Combine(folder, "in.txt")], Assert.Single(calls));
        Assert.Equal([$"SB:SandboxSE|/S3/b/lhcb/g/u/sha256:{new string('e', 64)}.tar.zst"], JdlParser.Parse(prepared[0]).GetStringList("InputSandbox"));
        Assert.Equal(JdlParser.Parse(prepared[0]).GetStringList("InputSandbox"), JdlParser.Parse(prepared[1]).GetStringList("InputSandbox"));
        Assert.Equal(remoteOnly, prepared[2]);
        // A JDL that does not parse goes to the service as written, which reports the syntax error.
        Assert.Equal("Executable = ", prepared[3]);
    }

    [Fact]
    public async Task A_missing_local_file_uploads_and_submits_nothing()
    {
        var folder = TempDir();
        await File.WriteAllTextAsync(Path.Combine(folder, "present.txt"), "x", Ct);
        var uploads = 0;
        var e = await Assert.ThrowsAsync<FileNotFoundException>(() => JobSubmissionApi.PrepareJdlsAsync(
            ["Executable = \"a\"; InputSandbox = {\"present.txt\"};", "Executable = \"b\"; InputSandbox = {\"present.txt\", \"missing.txt\"};"],
            folder, (_, _) =>
            {
                uploads++;
                return Task.FromResult("SB:x");
            }, Ct));
        Assert.Contains(Path.Combine(folder, "missing.txt"), e.Message, StringComparison.Ordinal);
        Assert.Equal(0, uploads);

        // Over HTTP: no job is created either.
        using var client = fixture.Client(TestIdentity.NormalUser);
        using var storage = new HttpClient();
        var before = await CountJobsAsync();
        await Assert.ThrowsAsync<FileNotFoundException>(() => JobSubmissionApi.SubmitJdlsAsync(client, storage,
            ["Executable = \"b\"; InputSandbox = {\"missing.txt\"};"], folder, s_fast, Ct));
        Assert.Equal(before, await CountJobsAsync());
    }

    [Fact]
    public async Task JobsApi_checks_every_jdl_file_before_uploading_and_shares_one_sandbox_across_folders()
    {
        // Two JDL files in different folders name the same input file, as `dirac jobs submit a/job.jdl b/job.jdl` sends them.
        var root = TempDir();
        var a = Directory.CreateDirectory(Path.Combine(root, "a")).FullName;
        var b = Directory.CreateDirectory(Path.Combine(root, "b")).FullName;
        await File.WriteAllTextAsync(Path.Combine(a, "in.txt"), "shared", Ct);
        using var client = fixture.Client(TestIdentity.NormalUser);
        var sandboxes = new CountingSandboxClient(new StoreSandboxClient(client, s_fast));
        var jobs = new JobsApi(client, sandboxes);

        // A missing file in the last JDL: nothing is packed, uploaded or submitted, not even the first JDL's files.
        var before = await CountJobsAsync();
        var missing = await Assert.ThrowsAsync<FileNotFoundException>(() => jobs.SubmitAsync(
            [("Executable = \"a\"; InputSandbox = {\"in.txt\"};", a), ("Executable = \"b\"; InputSandbox = {\"gone.txt\"};", b)],
            cancellationToken: Ct));
        Assert.Contains(Path.Combine(b, "gone.txt"), missing.Message, StringComparison.Ordinal);
        Assert.Equal(0, sandboxes.Calls);
        Assert.Equal(before, await CountJobsAsync());

        var inserted = await jobs.SubmitAsync(
            [("Executable = \"a\"; InputSandbox = {\"in.txt\"};", a), ("Executable = \"b\"; InputSandbox = {\"../a/in.txt\"};", b)],
            cancellationToken: Ct);

        Assert.Equal(1, sandboxes.Calls);
        Assert.Equal(2, inserted.Count);
        var first = Assert.Single(await InputMappingsAsync(inserted[0].JobID));
        Assert.Equal([first], await InputMappingsAsync(inserted[1].JobID));
    }

    /// <summary>The real store client, counting the sandboxes it packs and uploads.</summary>
    private sealed class CountingSandboxClient(ISandboxClient inner) : ISandboxClient
    {
        public int Calls;

        public Task<string> CreateAndUploadAsync(IReadOnlyList<string> paths, IProgress<SandboxTransfer>? progress, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Calls);
            return inner.CreateAndUploadAsync(paths, progress, cancellationToken);
        }

        public Task<IReadOnlyList<string>> DownloadJobSandboxAsync(long jobId, string sandboxType, string destination,
            IProgress<SandboxTransfer>? progress, CancellationToken cancellationToken) =>
            inner.DownloadJobSandboxAsync(jobId, sandboxType, destination, progress, cancellationToken);
    }

    [Fact]
    public async Task Two_local_inputs_with_the_same_name_are_refused()
    {
        var folder = TempDir();
        Directory.CreateDirectory(Path.Combine(folder, "a"));
        Directory.CreateDirectory(Path.Combine(folder, "b"));
        await File.WriteAllTextAsync(Path.Combine(folder, "a", "x.txt"), "a", Ct);
        await File.WriteAllTextAsync(Path.Combine(folder, "b", "x.txt"), "b", Ct);
        var e = await Assert.ThrowsAsync<ArgumentException>(() => JobSubmissionApi.PrepareJdlsAsync(
            ["Executable = \"a\"; InputSandbox = {\"a/x.txt\", \"b/x.txt\"};"], folder, (_, _) => Task.FromResult("SB:x"), Ct));
        Assert.Contains("same name", e.Message, StringComparison.Ordinal);
    }

    private async Task<long> CountJobsAsync()
    {
        await using var connection = await fixture.App.Database!.OpenConnectionAsync(Ct);
        await using var command = new Npgsql.NpgsqlCommand("""SELECT count(*) FROM jobdb."Jobs" """, connection);
        return (long)(await command.ExecuteScalarAsync(Ct))!;
    }
}
