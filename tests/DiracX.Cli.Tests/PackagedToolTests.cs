using System.Diagnostics;
using System.Text.Json.Nodes;
using DiracX.Client.Credentials;
using DiracX.Routers.Infrastructure.Hosting;
using DiracX.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;

namespace DiracX.Cli.Tests;

/// <summary>
/// DiracX.Cli.Tool packed to a local feed, installed with <c>dotnet tool install --tool-path</c>, and run as a user
/// would against the routers listening on a loopback port.
/// </summary>
public sealed class PackagedToolTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<(int Code, string Out, string Error)> RunAsync(string file, IEnumerable<string> args, IDictionary<string, string>? env = null)
    {
        var psi = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        foreach (var key in psi.Environment.Keys.Where(k => k.StartsWith("DIRACX_", StringComparison.Ordinal)).ToList())
        {
            psi.Environment.Remove(key);
        }
        foreach (var (k, v) in env ?? new Dictionary<string, string>())
        {
            psi.Environment[k] = v;
        }
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync(Ct);
        var stderr = process.StandardError.ReadToEndAsync(Ct);
        await process.WaitForExitAsync(Ct);
        return (process.ExitCode, await stdout, await stderr);
    }

    [Fact]
    public async Task The_packed_tool_installs_and_talks_to_a_live_server()
    {
        var work = Directory.CreateTempSubdirectory("dirac-tool-").FullName;
        var feed = Path.Combine(work, "feed");
        var tools = Path.Combine(work, "tools");
        var pack = await RunAsync("dotnet", ["pack", Path.Combine(RepositoryRoot.Path, "DiracX.Cli.Tool", "DiracX.Cli.Tool.csproj"), "-o", feed, "-nologo", "-v", "q"]);
        Assert.True(pack.Code == 0, pack.Out + pack.Error);
        var install = await RunAsync("dotnet", ["tool", "install", "DiracX.Cli.Tool", "--tool-path", tools, "--add-source", feed, "--version", Core.DiracXVersion.Current.Split('+')[0]]);
        Assert.True(install.Code == 0, install.Out + install.Error);
        var dirac = Path.Combine(tools, "dirac");

        var version = await RunAsync(dirac, ["--version"]);
        Assert.Equal(0, version.Code);
        Assert.StartsWith(Core.DiracXVersion.Current.Split('+')[0], version.Out.Trim(), StringComparison.Ordinal);

        using var keystore = TestKeystore.CreateEd25519();
        (var config, _) = await TestConfigRepository.CreateAsync(TestConfigs.Default, Ct);
        using var _config = config;
        await using var database = await DiracXDatabaseTemplates.For(DiracXModules.BuiltIn).CreateDatabaseAsync(Ct);
        var s3 = await S3Server.GetSharedAsync(Ct);
        var builder = DiracXRouters.CreateBuilder([], DiracXModules.BuiltIn, b =>
        {
            b.WebHost.UseUrls("http://127.0.0.1:0");
            var settings = new Dictionary<string, string?>
            {
                ["DiracX:Auth:TokenIssuer"] = keystore.Settings.TokenIssuer,
                ["DiracX:Auth:TokenKeystore"] = keystore.JwksJson,
                ["DiracX:Auth:StateKey"] = keystore.Settings.StateKey,
                ["DiracX:Config:BackendUrl"] = config.Url,
                ["ConnectionStrings:diracx"] = database.ConnectionString,
            };
            foreach (var (k, v) in s3.SandboxSettings(S3Server.NewBucketName()))
            {
                settings[k] = v;
            }
            b.Configuration.AddInMemoryCollection(settings);
        });
        await using var app = builder.BuildDiracX();
        await app.StartAsync(Ct);
        if (app.Services.GetService(typeof(Core.Configuration.ConfigProvider)) is Core.Configuration.ConfigProvider provider)
        {
            await provider.WaitUntilReadyAsync(Ct).WaitAsync(TimeSpan.FromSeconds(30), Ct);
        }
        var credentials = Path.Combine(work, "credentials.json");
        await new StoredCredentials(keystore.MintAccessToken(TestIdentity.NormalUser), null, DateTimeOffset.UtcNow.AddHours(1).ToUnixTimeSeconds())
            .WriteAsync(credentials, Ct);
        var env = new Dictionary<string, string> { ["DIRACX_URL"] = app.Urls.First(), ["DIRACX_CREDENTIALS_PATH"] = credentials };

        var dump = await RunAsync(dirac, ["config", "dump"], env);
        Assert.True(dump.Code == 0, dump.Out + dump.Error);
        Assert.NotNull(JsonNode.Parse(dump.Out)!["Registry"]); // piped: JSON by default

        var jdl = Path.Combine(work, "job.jdl");
        // A local input file: the packed tool builds the sandbox, uploads it to the store and submits the rewritten JDL.
        await File.WriteAllTextAsync(Path.Combine(work, "input.txt"), "input of the packed tool", Ct);
        await File.WriteAllTextAsync(jdl, "[Executable = \"echo\"; JobName = \"packed\"; InputSandbox = {\"input.txt\"};]", Ct);
        var submit = await RunAsync(dirac, ["jobs", "submit", jdl], env);
        Assert.True(submit.Code == 0, submit.Out + submit.Error);
        Assert.StartsWith("Inserted 1 jobs with ids: ", submit.Out, StringComparison.Ordinal);

        var anonymous = await RunAsync(dirac, ["jobs", "search"], new Dictionary<string, string> { ["DIRACX_URL"] = app.Urls.First(), ["DIRACX_CREDENTIALS_PATH"] = Path.Combine(work, "none.json") });
        Assert.Equal(ExitCodes.NotAuthenticated, anonymous.Code);
        Assert.Equal(Cli.CliErrors.NotAuthenticated, anonymous.Error.Trim());
        await app.StopAsync(Ct);
    }
}
