using System.Diagnostics;
using DiracX.Client.Credentials;
using DiracX.Client.Settings;

namespace DiracX.Cli.Tests;

/// <summary>The credentials file lock against Python's <c>fcntl.flock</c>, and the client settings.</summary>
public sealed class CredentialsFileTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static Process Python(string script, string path)
    {
        var psi = new ProcessStartInfo("python3") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(script);
        psi.ArgumentList.Add(path);
        return Process.Start(psi)!;
    }

    [Fact]
    public async Task A_python_flock_holder_makes_us_wait_and_we_read_the_whole_file()
    {
        var path = CliServerFixture.NewCredentialsPath();
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await File.WriteAllTextAsync(path, "{}", Ct);
        const string Script = """
            import fcntl, sys
            f = open(sys.argv[1], "r+")
            fcntl.flock(f, fcntl.LOCK_EX)
            f.seek(0); f.truncate(); f.write('{"access_token": "abc", '); f.flush()
            print("locked", flush=True)
            sys.stdin.readline()
            f.write('"refresh_token": "def", "expires_on": 1234}'); f.flush()
            fcntl.flock(f, fcntl.LOCK_UN)
            print("released", flush=True)
            """;
        using var python = Python(Script, path);
        Assert.Equal("locked", await python.StandardOutput.ReadLineAsync(Ct));

        var read = Task.Run(async () =>
        {
            using var file = await LockedFile.OpenAsync(path, create: false, Ct);
            return await file!.ReadAllTextAsync(Ct);
        }, Ct);
        await Task.Delay(500, Ct);
        Assert.False(read.IsCompleted, "the read did not wait for the lock");

        await python.StandardInput.WriteLineAsync();
        await python.StandardInput.FlushAsync(Ct);
        var credentials = StoredCredentials.Parse(await read);
        Assert.Equal(new StoredCredentials("abc", "def", 1234), credentials);
        await python.WaitForExitAsync(Ct);
    }

    [Fact]
    public async Task Our_lock_is_seen_by_python()
    {
        var path = CliServerFixture.NewCredentialsPath();
        await new StoredCredentials("a", "b", 1).WriteAsync(path, Ct);
        const string Script = """
            import fcntl, sys
            f = open(sys.argv[1], "r+")
            try:
                fcntl.flock(f, fcntl.LOCK_EX | fcntl.LOCK_NB)
                print("acquired", flush=True)
            except BlockingIOError:
                print("blocked", flush=True)
            """;
        using (await LockedFile.OpenAsync(path, create: false, Ct))
        {
            using var blocked = Python(Script, path);
            Assert.Equal("blocked", await blocked.StandardOutput.ReadLineAsync(Ct));
        }
        using var free = Python(Script, path);
        Assert.Equal("acquired", await free.StandardOutput.ReadLineAsync(Ct));
    }

    [Fact]
    public void Settings_come_from_the_environment_over_dotenv_files()
    {
        var folder = Directory.CreateTempSubdirectory("dirac-env-").FullName;
        File.WriteAllText(Path.Combine(folder, "a.env"), "DIRACX_URL=https://from-file.example.org\nDIRACX_OUTPUT_FORMAT=json\n# comment\nexport DIRACX_CA_PATH='/etc/ca'\n");
        File.WriteAllText(Path.Combine(folder, "b.env"), "DIRACX_CREDENTIALS_PATH=\"/tmp/creds.json\"\n");
        var settings = DiracXClientSettings.FromEnvironment(new Dictionary<string, string?>
        {
            ["DIRACX_DOTENV"] = Path.Combine(folder, "a.env"),
            ["DIRACX_DOTENV_1"] = Path.Combine(folder, "b.env"),
        });
        Assert.Equal(new Uri("https://from-file.example.org"), settings.Url);
        Assert.Equal(OutputFormat.Json, settings.OutputFormat);
        Assert.Equal("/etc/ca", settings.CaPath);
        Assert.Equal("/tmp/creds.json", settings.CredentialsPath);

        var overridden = DiracXClientSettings.FromEnvironment(new Dictionary<string, string?>
        {
            ["DIRACX_DOTENV"] = Path.Combine(folder, "a.env"),
            ["DIRACX_URL"] = "http://env.example.org",
        });
        Assert.Equal(new Uri("http://env.example.org"), overridden.Url);
        Assert.EndsWith(Path.Combine(".cache", "diracx", "credentials.json"), overridden.CredentialsPath, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => DiracXClientSettings.FromEnvironment(new Dictionary<string, string?> { ["DIRACX_OUTPUT_FORMAT"] = "XML" }));
    }
}
