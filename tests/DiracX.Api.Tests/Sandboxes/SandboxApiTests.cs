using System.Formats.Tar;
using System.Text;
using System.Text.Json.Nodes;
using DiracX.Api.Sandboxes;
using DiracX.Client;
using DiracX.Client.Http;
using DiracX.Routers.Infrastructure.Hosting;
using DiracX.Testing;
using ZstdSharp;

namespace DiracX.Api.Tests.Sandboxes;

/// <summary>The routers with their s3rver store, and a client of the normal user.</summary>
public sealed class SandboxApiFixture : IAsyncLifetime
{
    public DiracXTestApp App { get; private set; } = null!;

    public async ValueTask InitializeAsync() =>
        App = await DiracXTestApp.StartAsync(DiracXModules.BuiltIn, cancellationToken: TestContext.Current.CancellationToken);

    public DiracXClient Client(TestIdentity identity) =>
        DiracXClient.Create(new Uri("http://localhost/"), new StaticToken(App.Keystore.MintAccessToken(identity)), App.CreateHandler());

    public async ValueTask DisposeAsync() => await App.DisposeAsync();

    private sealed class StaticToken(string token) : IAccessTokenProvider
    {
        public ValueTask<string?> GetAccessTokenAsync(CancellationToken cancellationToken) => ValueTask.FromResult<string?>(token);
    }
}

/// <summary>
/// Checks a presigned POST as S3 would (s3rver does not): every policy condition met by the form, the file the last
/// field and exactly the size the policy pins. Forwards the request to the store when it passes.
/// </summary>
internal sealed class PresignedPostVerifier : DelegatingHandler
{
    public int Verified { get; private set; }

    public PresignedPostVerifier() : base(new HttpClientHandler()) { }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Method == HttpMethod.Post && request.Content is MultipartFormDataContent form)
        {
            var parts = form.ToList();
            var fields = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var part in parts[..^1])
            {
                fields[part.Headers.ContentDisposition!.Name!.Trim('"')] = await part.ReadAsStringAsync(cancellationToken);
            }
            Assert.Equal("file", parts[^1].Headers.ContentDisposition!.Name!.Trim('"'));
            var policy = JsonNode.Parse(Convert.FromBase64String(fields["policy"]))!;
            foreach (var condition in policy["conditions"]!.AsArray())
            {
                if (condition is JsonObject o)
                {
                    var (name, value) = o.Single();
                    if (name != "bucket")
                    {
                        Assert.Equal((string?)value, fields[name]);
                    }
                }
                else if (condition is JsonArray a && (string?)a[0] == "content-length-range")
                {
                    Assert.Equal((long)a[1]!, parts[^1].Headers.ContentLength);
                    Assert.Equal((long)a[2]!, parts[^1].Headers.ContentLength);
                }
            }
            Verified++;
        }
        return await base.SendAsync(request, cancellationToken);
    }
}

public class SandboxApiTests(SandboxApiFixture fixture) : IClassFixture<SandboxApiFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly SandboxCreateOptions s_fast = new() { CompressionLevel = 1 };

    private static string TempDir() => Directory.CreateTempSubdirectory("diracx-sb-test-").FullName;

    [Fact]
    public async Task Files_and_folders_go_up_and_come_back_byte_identical()
    {
        var source = TempDir();
        await File.WriteAllTextAsync(Path.Combine(source, "run.sh"), "echo hello\n", Ct);
        Directory.CreateDirectory(Path.Combine(source, "data", "deep"));
        var blob = new byte[300_000];
        new Random(42).NextBytes(blob);
        await File.WriteAllBytesAsync(Path.Combine(source, "data", "deep", "blob.bin"), blob, Ct);
        using var client = fixture.Client(TestIdentity.NormalUser);
        var verifier = new PresignedPostVerifier();
        using var storage = new HttpClient(verifier);
        long progress = 0;

        var pfn = await SandboxApi.CreateSandboxAsync(client, storage, [Path.Combine(source, "run.sh"), Path.Combine(source, "data")],
            s_fast with { Progress = n => progress = n }, Ct);
        Assert.Equal(1, verifier.Verified);
        Assert.True(progress > 0);
        Assert.Matches(@"^SB:SandboxSE\|/S3/.+/lhcb/lhcb_user/chaen/sha256:[0-9a-f]{64}\.tar\.zst$", pfn);

        // The same content again: the service already holds it, nothing is uploaded.
        var again = await SandboxApi.CreateSandboxAsync(client, storage, [Path.Combine(source, "run.sh"), Path.Combine(source, "data")], s_fast, Ct);
        Assert.Equal(pfn, again);
        Assert.Equal(1, verifier.Verified);

        var destination = TempDir();
        await SandboxApi.DownloadSandboxAsync(client, storage, pfn, destination, Ct);
        Assert.Equal("echo hello\n", await File.ReadAllTextAsync(Path.Combine(destination, "run.sh"), Ct));
        Assert.Equal(blob, await File.ReadAllBytesAsync(Path.Combine(destination, "data", "deep", "blob.bin"), Ct));
    }

    [Fact]
    public async Task Failures_of_the_store_name_the_store_and_failures_of_the_server_do_not()
    {
        var blob = new byte[10_000];
        Random.Shared.NextBytes(blob);
        var path = Path.Combine(TempDir(), "unique.bin");
        await File.WriteAllBytesAsync(path, blob, Ct);
        using var file = await SandboxArchive.CreateAsync([path], s_fast, Ct);
        using var client = fixture.Client(TestIdentity.NormalUser);

        // A store nobody listens for (port 1): the presigned POST cannot be sent.
        using var unreachable = new HttpClient(new SocketsHttpHandler
        {
            ConnectCallback = async (_, ct) =>
            {
                var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
                await socket.ConnectAsync(new System.Net.IPEndPoint(System.Net.IPAddress.Loopback, 1), ct);
                return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
            },
        });
        var storeDown = await Assert.ThrowsAsync<SandboxStoreException>(() => SandboxApi.UploadAsync(client, unreachable, file, null, Ct));
        Assert.StartsWith("The sandbox store failed: ", storeDown.Message, StringComparison.Ordinal);

        // The store answers an error: the object of a registered sandbox was never uploaded.
        var registered = await client.Jobs.InitiateSandboxUploadAsync(new DiracX.Client.Generated.SandboxInfo
        {
            Checksum_algorithm = "sha256", Checksum = new string('a', 64), Size = 10, Format = "tar.zst",
        }, Ct);
        using var storage = new HttpClient();
        var refused = await Assert.ThrowsAsync<SandboxStoreException>(() => SandboxApi.DownloadSandboxAsync(client, storage, registered.Pfn, TempDir(), Ct));
        Assert.StartsWith("The sandbox store refused the download: 404", refused.Message, StringComparison.Ordinal);

        // The DiracX server cannot be reached: not the store's failure.
        using var offline = DiracXClient.Create(new Uri("http://127.0.0.1:1/"), new NoToken(), new SocketsHttpHandler());
        var serverDown = await Assert.ThrowsAnyAsync<Exception>(() => SandboxApi.UploadAsync(offline, storage, file, null, Ct));
        Assert.IsNotType<SandboxStoreException>(serverDown);
        Assert.IsType<HttpRequestException>(serverDown);
    }

    private sealed class NoToken : IAccessTokenProvider
    {
        public ValueTask<string?> GetAccessTokenAsync(CancellationToken cancellationToken) => ValueTask.FromResult<string?>("token");
    }

    [Fact]
    public async Task A_corrupted_download_is_removed_and_fails()
    {
        using var file = await SandboxArchive.CreateAsync([Path.Combine(AppContext.BaseDirectory, "DiracX.Api.dll")], s_fast, Ct);
        var destination = TempDir();
        await using var stream = File.OpenRead(file.Path);
        await Assert.ThrowsAsync<InvalidDataException>(() => SandboxApi.ExtractVerifiedAsync(stream, new string('0', 64), destination, Ct));
        Assert.Empty(Directory.EnumerateFileSystemEntries(destination));
    }

    public static TheoryData<string> MaliciousEntries() => ["../escape.txt", "/tmp/absolute.txt", "a/../../escape.txt", "link-out", "dev", "through-link"];

    [Theory]
    [MemberData(nameof(MaliciousEntries))]
    public async Task A_malicious_tarball_is_refused_and_leaves_nothing(string kind)
    {
        var tar = new MemoryStream();
        await using (var zstd = new CompressionStream(tar, 1, leaveOpen: true))
        await using (var writer = new TarWriter(zstd, TarEntryFormat.Pax, leaveOpen: true))
        {
            await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, "fine.txt") { DataStream = new MemoryStream("ok"u8.ToArray()) }, Ct);
            switch (kind)
            {
                case "link-out":
                    await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.SymbolicLink, "link-out") { LinkName = "../../etc" }, Ct);
                    break;
                case "dev":
                    await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.CharacterDevice, "dev"), Ct);
                    break;
                case "through-link":
                    await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.SymbolicLink, "inside") { LinkName = "." }, Ct);
                    await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, "inside/x.txt") { DataStream = new MemoryStream("x"u8.ToArray()) }, Ct);
                    break;
                default:
                    await writer.WriteEntryAsync(new PaxTarEntry(TarEntryType.RegularFile, kind) { DataStream = new MemoryStream("bad"u8.ToArray()) }, Ct);
                    break;
            }
        }
        tar.Position = 0;
        var parent = TempDir();
        var destination = Path.Combine(parent, "out");
        await Assert.ThrowsAsync<InvalidDataException>(() => SandboxApi.ExtractVerifiedAsync(tar, null, destination, Ct));
        Assert.Empty(Directory.EnumerateFileSystemEntries(destination));
        Assert.False(File.Exists(Path.Combine(parent, "escape.txt")));
    }

    [Fact]
    public async Task A_tar_bz2_sandbox_is_read_too()
    {
        var tar = new MemoryStream();
        using (var bz = new ICSharpCode.SharpZipLib.BZip2.BZip2OutputStream(tar) { IsStreamOwner = false })
        using (var writer = new TarWriter(bz, TarEntryFormat.Pax, leaveOpen: true))
        {
            writer.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, "legacy.txt") { DataStream = new MemoryStream(Encoding.UTF8.GetBytes("from DIRAC")) });
        }
        tar.Position = 0;
        var destination = TempDir();
        await SandboxApi.ExtractVerifiedAsync(tar, null, destination, Ct);
        Assert.Equal("from DIRAC", await File.ReadAllTextAsync(Path.Combine(destination, "legacy.txt"), Ct));
    }

    [Fact]
    public void The_expected_checksum_comes_from_the_pfn()
    {
        var hex = new string('a', 64);
        Assert.Equal(hex, SandboxApi.ExpectedSha256($"SB:SandboxSE|/S3/b/lhcb/g/u/sha256:{hex}.tar.zst"));
        Assert.Null(SandboxApi.ExpectedSha256("/S3/b/lhcb/g/u/md5:abc.tar.zst"));
    }
}
