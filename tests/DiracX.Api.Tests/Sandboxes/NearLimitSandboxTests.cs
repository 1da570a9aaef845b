using System.Diagnostics;
using System.Security.Cryptography;
using DiracX.Api.Sandboxes;
using DiracX.Core.Settings;
using DiracX.Testing;

namespace DiracX.Api.Tests.Sandboxes;

/// <summary>Alone in the process while it runs, so that the process-wide allocation count is the client's own (and the in-memory routers').</summary>
[CollectionDefinition(nameof(NearLimitSandboxTests), DisableParallelization = true)]
public sealed class NearLimitCollection;

/// <summary>
/// A sandbox just under DiracX's 100 MiB limit, of incompressible data, created, uploaded and downloaded with the
/// client's managed allocations a small fraction of the payload: the bytes are streamed, never held (issue #18).
/// </summary>
[Collection(nameof(NearLimitSandboxTests))]
public class NearLimitSandboxTests(SandboxApiFixture fixture) : IClassFixture<SandboxApiFixture>
{
    /// <summary>The payload: the limit less room for the tar headers and zstd's frame (incompressible data grows slightly).</summary>
    private const long Payload = SandboxStoreSettings.MaxSandboxSizeBytes - 512 * 1024;

    /// <summary>
    /// The most each direction may allocate on the managed heap: a sixteenth of the payload (about 1 MiB is measured;
    /// buffering the sandbox anywhere would take at least its size).
    /// </summary>
    private const long AllocationBudget = Payload / 16;

    [Fact(Timeout = 60_000)]
    public async Task A_sandbox_near_the_limit_goes_up_and_comes_back_byte_identical_with_flat_client_memory()
    {
        var ct = TestContext.Current.CancellationToken;
        var total = Stopwatch.StartNew();
        var source = Directory.CreateTempSubdirectory("diracx-sb-near-limit-").FullName;
        var destination = Directory.CreateTempSubdirectory("diracx-sb-near-limit-out-").FullName;
        try
        {
            // Incompressible data written on the fly, 1 MiB at a time, into three files (and a small script).
            var files = new[] { ("a.bin", Payload / 2), ("b.bin", Payload / 3), ("c.bin", Payload - Payload / 2 - Payload / 3 - 100) };
            var expected = new Dictionary<string, string>(StringComparer.Ordinal);
            var chunk = new byte[1 << 20];
            Directory.CreateDirectory(Path.Combine(source, "data"));
            foreach (var (name, length) in files)
            {
                await using var output = new FileStream(Path.Combine(source, "data", name), FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous);
                using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
                for (var left = length; left > 0; left -= chunk.Length)
                {
                    var n = (int)Math.Min(chunk.Length, left);
                    RandomNumberGenerator.Fill(chunk.AsSpan(0, n));
                    sha.AppendData(chunk, 0, n);
                    await output.WriteAsync(chunk.AsMemory(0, n), ct);
                }
                expected[$"data/{name}"] = Convert.ToHexStringLower(sha.GetHashAndReset());
            }
            await File.WriteAllTextAsync(Path.Combine(source, "run.sh"), "echo near the limit\n", ct);
            expected["run.sh"] = Convert.ToHexStringLower(SHA256.HashData("echo near the limit\n"u8));
            var generated = total.Elapsed;

            using var client = fixture.Client(TestIdentity.NormalUser);
            var verifier = new PresignedPostVerifier();
            using var storage = new HttpClient(verifier) { Timeout = TimeSpan.FromSeconds(50) };
            long uploaded = 0;
            var options = new SandboxCreateOptions { CompressionLevel = 1 };

            // Warm up the code paths (JIT, connection pools, first-use caches) with a small sandbox, so that the
            // measurement counts what grows with the payload.
            var warm = await SandboxApi.CreateSandboxAsync(client, storage, [Path.Combine(source, "run.sh")], options, ct);
            await SandboxApi.DownloadSandboxAsync(client, storage, warm, Path.Combine(destination, "warm"), ct);
            Directory.Delete(Path.Combine(destination, "warm"), recursive: true);

            var verifiedBefore = verifier.Verified;
            var before = GC.GetTotalAllocatedBytes(precise: true);
            var transfer = Stopwatch.StartNew();
            string pfn;
            long size;
            using (var file = await SandboxArchive.CreateAsync([Path.Combine(source, "data"), Path.Combine(source, "run.sh")], options, ct))
            {
                size = file.Size;
                pfn = await SandboxApi.UploadAsync(client, storage, file, n => uploaded = n, ct);
            }
            var afterUpload = GC.GetTotalAllocatedBytes(precise: true);
            await SandboxApi.DownloadSandboxAsync(client, storage, pfn, destination, ct);
            var after = GC.GetTotalAllocatedBytes(precise: true);
            transfer.Stop();

            TestContext.Current.TestOutputHelper?.WriteLine(
                $"payload {Payload:N0} B, sandbox {size:N0} B; generated in {generated.TotalSeconds:F1} s, round trip {transfer.Elapsed.TotalSeconds:F1} s; "
                + $"allocated {(afterUpload - before) / 1024.0 / 1024:F2} MiB up, {(after - afterUpload) / 1024.0 / 1024:F2} MiB down");

            // Near the limit, and accepted under it.
            Assert.InRange(size, SandboxStoreSettings.MaxSandboxSizeBytes - (1 << 20), SandboxStoreSettings.MaxSandboxSizeBytes);
            Assert.Equal(verifiedBefore + 1, verifier.Verified);
            Assert.Equal(size, uploaded);
            // Streamed both ways: the managed heap saw a small fraction of the bytes moved (2 x ~100 MiB).
            Assert.InRange(afterUpload - before, 0, AllocationBudget);
            Assert.InRange(after - afterUpload, 0, AllocationBudget);

            // Byte-identical (hashed file by file, streaming).
            foreach (var (name, sha256) in expected)
            {
                await using var extracted = File.OpenRead(Path.Combine(destination, name));
                Assert.Equal(sha256, Convert.ToHexStringLower(await SHA256.HashDataAsync(extracted, ct)));
            }
            TestContext.Current.TestOutputHelper?.WriteLine($"total {total.Elapsed.TotalSeconds:F1} s");
        }
        finally
        {
            Directory.Delete(source, recursive: true);
            Directory.Delete(destination, recursive: true);
        }
    }
}
