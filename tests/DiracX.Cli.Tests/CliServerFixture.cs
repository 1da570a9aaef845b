using System.Net;
using DiracX.Cli;
using DiracX.DevIdp;
using DiracX.Routers.Infrastructure.Hosting;
using DiracX.Testing;
using Spectre.Console.Testing;

namespace DiracX.Cli.Tests;

/// <summary>What one <c>dirac</c> run printed.</summary>
public sealed record CliResult(int ExitCode, string Console, string Out, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n--- console\n{Console}\n--- out\n{Out}\n--- error\n{Error}";
}

/// <summary>
/// The real routers (in memory, on PostgreSQL) with the DevIdp as the identity provider of both VOs; runs <c>dirac</c>
/// in-process against them with a credentials file per test.
/// </summary>
public class CliServerFixture : IAsyncLifetime
{
    public static DevIdpUser Chaen { get; } = new() { Username = "chaen", Password = "secret-chaen", Subject = TestIdentity.NormalUser.IdpSubject, Email = "chaen@example.org" };

    public DevIdpTestServer Idp { get; private set; } = null!;
    public TestConfigRepository Config { get; private set; } = null!;
    public DiracXTestApp App { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        Idp = await DevIdpTestServer.StartAsync(new DevIdpOptions
        {
            RedirectUris = ["http://localhost/api/auth/device/complete", "http://localhost/api/auth/authorize/complete"],
            Users = [Chaen],
        }, ct);
        var yaml = TestConfigs.Default
            .Replace(TestConfigs.IdpUrl, Idp.Url.GetLeftPart(UriPartial.Authority), StringComparison.Ordinal)
            .Replace("ClientID: test-idp-gridpp", $"ClientID: {Idp.ClientId}", StringComparison.Ordinal)
            .Replace("ClientID: test-idp}", $"ClientID: {Idp.ClientId}}}", StringComparison.Ordinal);
        (Config, _) = await TestConfigRepository.CreateAsync(yaml, ct);
        App = await DiracXTestApp.StartAsync(DiracXModules.BuiltIn, new Dictionary<string, string?> { ["DiracX:Config:BackendUrl"] = Config.Url }, cancellationToken: ct);
    }

    /// <summary>A fresh folder with a credentials path for one test.</summary>
    public static string NewCredentialsPath() =>
        Path.Combine(Directory.CreateTempSubdirectory("dirac-cli-").FullName, "cache", "credentials.json");

    /// <summary>The environment of a run against the in-memory server.</summary>
    public CliEnvironment Environment(string credentialsPath, TestConsole console, StringWriter output, StringWriter error,
        IDictionary<string, string?>? variables = null, string? workingDirectory = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["DIRACX_URL"] = "http://localhost",
            ["DIRACX_CREDENTIALS_PATH"] = credentialsPath,
        };
        foreach (var (k, v) in variables ?? new Dictionary<string, string?>())
        {
            all[k] = v;
        }
        return new CliEnvironment
        {
            Variables = all,
            Console = console,
            Out = output,
            Error = error,
            OutputRedirected = false,
            Handler = App.CreateHandler(),
            LoginPollInterval = TimeSpan.FromMilliseconds(200),
            WorkingDirectory = workingDirectory ?? Directory.GetCurrentDirectory(),
        };
    }

    /// <summary>Runs <c>dirac</c> with <paramref name="args"/>.</summary>
    public async Task<CliResult> RunAsync(string credentialsPath, string[] args, IDictionary<string, string?>? variables = null,
        IEnumerable<Core.Modules.IDiracXModule>? modules = null, string? workingDirectory = null, bool interactive = false)
    {
        var console = new TestConsole();
        console.Profile.Width = 250;
        if (interactive)
        {
            console.Interactive(); // a terminal: live displays such as progress bars render
        }
        using var output = new StringWriter();
        using var error = new StringWriter();
        var code = await DiracCli.RunAsync(args, Environment(credentialsPath, console, output, error, variables, workingDirectory), modules,
            TestContext.Current.CancellationToken);
        return new CliResult(code, console.Output, output.ToString(), error.ToString());
    }

    /// <summary>A new credentials file, logged in to <c>lhcb</c> (the login must succeed).</summary>
    public async Task<string> LoggedInAsync()
    {
        var path = NewCredentialsPath();
        var login = await LoginAsync(path);
        Assert.True(login.ExitCode == 0, login.ToString());
        return path;
    }

    /// <summary>Runs <c>dirac login lhcb</c> and completes the login at the DevIdp as a browser would.</summary>
    public async Task<CliResult> LoginAsync(string credentialsPath, params string[] extra)
    {
        var ct = TestContext.Current.CancellationToken;
        var console = new TestConsole();
        console.Profile.Width = 500;
        using var output = new StringWriter();
        using var error = new StringWriter();
        var run = DiracCli.RunAsync(["login", "lhcb", .. extra], Environment(credentialsPath, console, output, error), null, ct);
        string? url = null;
        while (url is null)
        {
            Assert.False(run.IsCompleted, $"login ended early: {console.Output} {error}");
            var line = console.Output.Split('\n').FirstOrDefault(l => l.StartsWith("Now go to: ", StringComparison.Ordinal));
            url = line?["Now go to: ".Length..].Trim();
            await Task.Delay(50, ct);
        }
        using var http = App.CreateClient();
        using var redirect = await http.GetAsync(new Uri(url), ct);
        Assert.Equal(HttpStatusCode.TemporaryRedirect, redirect.StatusCode);
        var callback = await DevIdpLogin.AuthorizeAsync(redirect.Headers.Location!, Chaen.Username, Chaen.Password, ct);
        using var completed = await http.GetAsync(callback.PathAndQuery, ct);
        Assert.Equal(HttpStatusCode.TemporaryRedirect, completed.StatusCode);
        var code = await run;
        return new CliResult(code, console.Output, output.ToString(), error.ToString());
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Idp.DisposeAsync();
        Config.Dispose();
        GC.SuppressFinalize(this);
    }
}
