using System.Diagnostics;
using System.Net.Sockets;

namespace DiracX.Testing;

/// <summary>
/// An S3-compatible server for tests: s3rver (npm, pinned in the repository's package.json and lock) run through node
/// on a free loopback port with a throwaway data folder, once per test process. <c>npm ci</c> runs first when the
/// repository's node_modules lack it. s3rver checks neither signatures nor POST policies: tests of those check what
/// DiracX generates. Each test app gets a bucket of its own (<see cref="SandboxSettings"/>).
/// </summary>
public sealed class S3Server : IAsyncDisposable
{
    /// <summary>s3rver's fixed credentials.</summary>
    public const string AccessKeyId = "S3RVER";

    /// <summary>s3rver's fixed secret key.</summary>
    public const string SecretAccessKey = "S3RVER";

    private static readonly ProcessWide<S3Server> s_shared = new(StartAsync);
    private static int s_buckets;

    private readonly Process _process;
    private readonly string _dataDir;

    private S3Server(Process process, string endpoint, string dataDir)
    {
        _process = process;
        Endpoint = endpoint;
        _dataDir = dataDir;
    }

    /// <summary>The endpoint URL, <c>http://127.0.0.1:&lt;port&gt;</c>.</summary>
    public string Endpoint { get; }

    /// <summary>
    /// The server's data folder (<c>&lt;bucket&gt;/&lt;key&gt;._S3rver_object</c> and its side files), for tests that
    /// must break an object out of band to make the real server fail a request.
    /// </summary>
    public string DataDirectory => _dataDir;

    /// <summary>Returns the server shared by every test of this process, starting it on first use.</summary>
    public static Task<S3Server> GetSharedAsync(CancellationToken cancellationToken = default) => s_shared.GetAsync(cancellationToken);

    /// <summary>A bucket name not used before in this process.</summary>
    public static string NewBucketName() => $"sandboxes-{Environment.ProcessId}-{Interlocked.Increment(ref s_buckets)}";

    /// <summary>
    /// The routers' settings of a sandbox store on this server: the bucket (created at start-up), the credentials and
    /// the endpoint (also the public one).
    /// </summary>
    public Dictionary<string, string?> SandboxSettings(string bucket) => new(StringComparer.OrdinalIgnoreCase)
    {
        ["DiracX:SandboxStore:BucketName"] = bucket,
        ["DiracX:SandboxStore:AutoCreateBucket"] = "true",
        ["DiracX:SandboxStore:S3ClientKwargs:endpoint_url"] = Endpoint,
        ["DiracX:SandboxStore:S3ClientKwargs:aws_access_key_id"] = AccessKeyId,
        ["DiracX:SandboxStore:S3ClientKwargs:aws_secret_access_key"] = SecretAccessKey,
    };

    private static async Task<S3Server> StartAsync(CancellationToken cancellationToken)
    {
        var node = ExternalProcess.Find("node") ?? throw new InvalidOperationException("node is not on PATH: install Node.js to run s3rver");
        var script = System.IO.Path.Combine(RepositoryRoot.Path, "node_modules", "s3rver", "bin", "s3rver.js");
        if (!File.Exists(script))
        {
            await NpmCiAsync(cancellationToken);
        }
        var dataDir = Directory.CreateTempSubdirectory("diracx-s3-").FullName;
        var port = FreePort.Next();
        var psi = new ProcessStartInfo(node)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = RepositoryRoot.Path,
        };
        foreach (var a in new[] { script, "--directory", dataDir, "--address", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--silent" })
        {
            psi.ArgumentList.Add(a);
        }
        var process = Process.Start(psi) ?? throw new InvalidOperationException("Could not start s3rver");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port, cancellationToken);
                return new S3Server(process, $"http://127.0.0.1:{port}", dataDir);
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(50, cancellationToken);
            }
        }
    }

    private static async Task NpmCiAsync(CancellationToken cancellationToken)
    {
        var npm = ExternalProcess.Find("npm") ?? throw new InvalidOperationException("npm is not on PATH: install npm to install s3rver");
        var psi = new ProcessStartInfo(npm) { UseShellExecute = false, WorkingDirectory = RepositoryRoot.Path, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { "ci", "--no-audit", "--no-fund" })
        {
            psi.ArgumentList.Add(a);
        }
        using var process = Process.Start(psi) ?? throw new InvalidOperationException("Could not run npm ci");
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"npm ci failed: {await stderr}");
        }
    }

    /// <summary>Stops the server and removes its data.</summary>
    public ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_dataDir, recursive: true);
        }
        catch (IOException)
        {
        }
        return ValueTask.CompletedTask;
    }
}
