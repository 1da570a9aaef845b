using System.Text.Json.Nodes;
using DiracX.Client.Credentials;

namespace DiracX.Cli.Tests;

/// <summary>The <c>dirac</c> commands in-process against the real routers, PostgreSQL and the DevIdp.</summary>
public sealed partial class CommandTests(CliServerFixture server) : IClassFixture<CliServerFixture>
{
    private const string Jdl = """
        [
          Executable = "echo";
          Arguments = "hello";
          JobName = "cli-test";
        ]
        """;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<long[]> SubmitAsync(string credentials, int count = 1)
    {
        var folder = Path.GetDirectoryName(credentials)!;
        var files = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var file = Path.Combine(folder, $"job{i}.jdl");
            await File.WriteAllTextAsync(file, Jdl, Ct);
            files.Add(file);
        }
        var result = await server.RunAsync(credentials, ["jobs", "submit", .. files]);
        Assert.True(result.ExitCode == 0, result.ToString());
        var line = result.Console.Split('\n').Single(l => l.StartsWith("Inserted ", StringComparison.Ordinal)).Trim();
        Assert.StartsWith($"Inserted {count} jobs with ids: ", line, StringComparison.Ordinal);
        return [.. line.Split(": ")[1].Split(',').Select(long.Parse)];
    }

    [Fact]
    public async Task Login_saves_credentials_as_DiracX_does_and_whoami_uses_them()
    {
        var path = CliServerFixture.NewCredentialsPath();
        var login = await server.LoginAsync(path);
        Assert.True(login.ExitCode == 0, login.ToString());
        Assert.Contains("Logging in with scope: vo:lhcb", login.Console, StringComparison.Ordinal);
        Assert.Contains($"Saved credentials to {path}", login.Console, StringComparison.Ordinal);
        Assert.Contains("Login successful!", login.Console, StringComparison.Ordinal);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
        }
        var stored = JsonNode.Parse(await File.ReadAllTextAsync(path, Ct))!.AsObject();
        Assert.Equal(["access_token", "refresh_token", "expires_on"], stored.Select(p => p.Key).ToArray());
        Assert.True(stored["expires_on"]!.GetValue<long>() > DateTimeOffset.UtcNow.ToUnixTimeSeconds());

        var whoami = await server.RunAsync(path, ["whoami", "--output", "json"]);
        Assert.True(whoami.ExitCode == 0, whoami.ToString());
        var info = JsonNode.Parse(whoami.Out)!;
        Assert.Equal("lhcb", info["vo"]!.GetValue<string>());
        Assert.Equal("chaen", info["preferred_username"]!.GetValue<string>());
    }

    [Fact]
    public async Task Without_credentials_commands_say_how_to_log_in()
    {
        var result = await server.RunAsync(CliServerFixture.NewCredentialsPath(), ["jobs", "search"]);
        Assert.Equal(ExitCodes.NotAuthenticated, result.ExitCode);
        Assert.Equal("You are not authenticated. Log in with: dirac login [OPTIONS] [VO]", result.Error.Trim());
    }

    [Fact]
    public async Task Unknown_vo_lists_the_available_ones()
    {
        var result = await server.RunAsync(CliServerFixture.NewCredentialsPath(), ["login", "nope"]);
        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.StartsWith("Unknown VO nope, valid responses are: ", result.Error, StringComparison.Ordinal);
        Assert.Contains("lhcb", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Jobs_submit_search_status_history_kill_delete_and_summary()
    {
        var credentials = await server.LoggedInAsync();
        var ids = await SubmitAsync(credentials, 2);

        var search = await server.RunAsync(credentials, ["jobs", "search", "-c", $"JobID in [{ids[0]},{ids[1]}]", "--output", "json"]);
        Assert.True(search.ExitCode == 0, search.ToString());
        var rows = JsonNode.Parse(search.Out)!.AsArray();
        Assert.Equal(ids, rows.Select(r => r!["JobID"]!.GetValue<long>()).Order().ToArray());
        Assert.Equal(JobsCommandsDefaults.Order(), rows[0]!.AsObject().Select(p => p.Key).Order());

        var table = await server.RunAsync(credentials, ["jobs", "search", "-c", $"JobID eq {ids[0]}", "-p", "JobID", "-p", "JobName"]);
        Assert.True(table.ExitCode == 0, table.ToString());
        Assert.Contains("cli-test", table.Console, StringComparison.Ordinal);
        Assert.Contains("JobName", table.Console, StringComparison.Ordinal);
        Assert.Contains("Showing all jobs", table.Console, StringComparison.Ordinal);

        var paged = await server.RunAsync(credentials, ["jobs", "search", "-c", $"JobID in [{ids[0]},{ids[1]}]", "--per-page", "1"]);
        Assert.Contains("Showing 0-0 of 2 jobs", paged.Console, StringComparison.Ordinal);

        var none = await server.RunAsync(credentials, ["jobs", "search", "-c", "JobID eq 999999999"]);
        Assert.Contains("No jobs found", none.Console, StringComparison.Ordinal);
        var noneJson = await server.RunAsync(credentials, ["jobs", "search", "-c", "JobID eq 999999999", "-o", "json"]);
        Assert.Equal("[]", noneJson.Out.Trim());

        var status = await server.RunAsync(credentials, ["jobs", "status", .. ids.Select(i => i.ToString()), "-o", "json"]);
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.All(JsonNode.Parse(status.Out)!.AsArray(), r => Assert.Equal("Received", r!["Status"]!.GetValue<string>()));

        var history = await server.RunAsync(credentials, ["jobs", "history", ids[0].ToString(), "-o", "json"]);
        Assert.True(history.ExitCode == 0, history.ToString());
        Assert.Equal("Received", JsonNode.Parse(history.Out)!.AsArray()[0]!["Status"]!.GetValue<string>());

        var parameters = await server.RunAsync(credentials, ["jobs", "parameters", ids[0].ToString(), "-o", "json"]);
        Assert.True(parameters.ExitCode == 0, parameters.ToString());

        var kill = await server.RunAsync(credentials, ["jobs", "kill", ids[0].ToString()]);
        Assert.True(kill.ExitCode == 0, kill.ToString());
        Assert.Contains($"Killed 1 jobs: {ids[0]}", kill.Console, StringComparison.Ordinal);
        var delete = await server.RunAsync(credentials, ["jobs", "delete", ids[1].ToString()]);
        Assert.True(delete.ExitCode == 0, delete.ToString());
        var after = await server.RunAsync(credentials, ["jobs", "status", .. ids.Select(i => i.ToString()), "-o", "json"]);
        Assert.Equal(["Killed", "Deleted"], JsonNode.Parse(after.Out)!.AsArray().Select(r => r!["Status"]!.GetValue<string>()).ToArray());

        var summary = await server.RunAsync(credentials, ["jobs", "summary", "-g", "Status", "-c", $"JobID in [{ids[0]},{ids[1]}]", "-o", "json"]);
        Assert.True(summary.ExitCode == 0, summary.ToString());
        Assert.Equal(2, JsonNode.Parse(summary.Out)!.AsArray().Count);

        var missing = await server.RunAsync(credentials, ["jobs", "parameters", "999999999"]);
        Assert.Equal(ExitCodes.Failure, missing.ExitCode);
        Assert.Equal("Error 403: Forbidden (not found: job 999999999)", missing.Error.Trim()); // DiracX refuses missing jobs as forbidden; dirac names them
    }

    private static readonly string[] JobsCommandsDefaults =
        ["JobID", "Status", "MinorStatus", "ApplicationStatus", "JobGroup", "Site", "JobName", "Owner", "LastUpdateTime"];

    [Fact]
    public async Task Reschedule_reports_refused_jobs_and_fails()
    {
        var credentials = await server.LoggedInAsync();
        var ids = await SubmitAsync(credentials);
        var result = await server.RunAsync(credentials, ["jobs", "reschedule", ids[0].ToString(), "-o", "json"]);
        var body = JsonNode.Parse(result.Out)!;
        Assert.Equal(result.ExitCode == 0, body["failed"]!.AsObject().Count == 0);
    }

    [Fact]
    public async Task A_malformed_condition_is_one_readable_line()
    {
        var result = await server.RunAsync(CliServerFixture.NewCredentialsPath(), ["jobs", "search", "-c", "JobID in 3"]);
        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.Equal("Invalid condition 'JobID in 3': 'in' takes a JSON list, e.g. [1, 2]", result.Error.Trim());
        var verbose = await server.RunAsync(CliServerFixture.NewCredentialsPath(), ["jobs", "search", "-c", "JobID in 3", "--verbose"]);
        Assert.Contains("at DiracX.Api.Jobs.JobSearch", verbose.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Local_input_files_travel_in_a_sandbox_that_the_owner_downloads_again()
    {
        var credentials = await server.LoggedInAsync();
        var folder = Path.GetDirectoryName(credentials)!;
        await File.WriteAllTextAsync(Path.Combine(folder, "input.txt"), "data for the job", Ct);
        await File.WriteAllTextAsync(Path.Combine(folder, "job.jdl"), "[Executable = \"cat\"; InputSandbox = {\"input.txt\"};]", Ct);
        var result = await server.RunAsync(credentials, ["jobs", "submit", Path.Combine(folder, "job.jdl")], workingDirectory: folder);
        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        var id = long.Parse(result.Console.Trim()[(result.Console.Trim().LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);

        var target = Path.Combine(folder, "back");
        var download = await server.RunAsync(credentials, ["jobs", "sandbox", "download", id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--type", "Input", "--destination", target]);
        Assert.True(download.ExitCode == ExitCodes.Success, download.ToString());
        Assert.Equal("data for the job", await File.ReadAllTextAsync(Path.Combine(target, "input.txt"), Ct));

        // A job without an output sandbox downloads nothing, and says so with an empty list.
        var none = await server.RunAsync(credentials, ["jobs", "sandbox", "download", id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--destination", Path.Combine(folder, "none"), "-o", "json"]);
        Assert.True(none.ExitCode == ExitCodes.Success, none.ToString());
        Assert.Equal("[]", none.Out.Trim());
    }

    [Fact]
    public async Task Config_dump_prints_the_served_configuration()
    {
        var credentials = await server.LoggedInAsync();
        var result = await server.RunAsync(credentials, ["config", "dump", "-o", "json"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.NotNull(JsonNode.Parse(result.Out)!["Registry"]!["lhcb"]);
    }

    [Fact]
    public async Task Logout_revokes_and_deletes_the_credentials()
    {
        var credentials = await server.LoggedInAsync();
        var refreshToken = StoredCredentials.Parse(await File.ReadAllTextAsync(credentials, Ct))!.RefreshToken!;
        var result = await server.RunAsync(credentials, ["logout"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"Removed credentials from {credentials}", result.Console, StringComparison.Ordinal);
        Assert.Contains("Logout successful!", result.Console, StringComparison.Ordinal);
        Assert.False(File.Exists(credentials));
        // The revoked refresh token no longer works.
        using var client = Client.DiracXClient.Create(new Uri("http://localhost/"), null, server.App.CreateHandler());
        await Assert.ThrowsAsync<Client.Generated.DiracXApiException>(() => client.Tokens.RefreshAsync(refreshToken, Ct));

        var again = await server.RunAsync(credentials, ["logout"]);
        Assert.Contains("You are not connected to DiracX, or your credentials are missing.", again.Console, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Logout_deletes_the_credentials_when_the_server_is_unreachable()
    {
        var credentials = await server.LoggedInAsync();
        var console = new Spectre.Console.Testing.TestConsole();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var environment = new CliEnvironment
        {
            Variables = new Dictionary<string, string?> { ["DIRACX_URL"] = $"http://127.0.0.1:{Testing.FreePort.Next()}", ["DIRACX_CREDENTIALS_PATH"] = credentials },
            Console = console,
            Out = output,
            Error = error,
        };
        var code = await DiracCli.RunAsync(["logout"], environment, cancellationToken: Ct);
        Assert.Equal(0, code);
        Assert.False(File.Exists(credentials));
        Assert.Contains("Could not reach the DiracX server at http://127.0.0.1:", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("Logout successful!", console.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eight_concurrent_commands_on_an_expiring_token_refresh_once_and_the_family_stays_valid()
    {
        var credentials = await server.LoggedInAsync();
        var stored = StoredCredentials.Parse(await File.ReadAllTextAsync(credentials, Ct))!;
        // The access token is about to expire: every command must refresh, or read the refreshed file.
        await (stored with { ExpiresOn = DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 10 }).WriteAsync(credentials, Ct);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => server.RunAsync(credentials, ["whoami", "-o", "json"]), Ct)));
        Assert.All(results, r => Assert.True(r.ExitCode == 0, r.ToString()));

        var renewed = StoredCredentials.Parse(await File.ReadAllTextAsync(credentials, Ct))!;
        Assert.NotEqual(stored.RefreshToken, renewed.RefreshToken);
        Assert.True(renewed.ExpiresOn > DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 300);
        // Had the old refresh token been used twice, the whole family would be revoked and this would fail.
        using var client = Client.DiracXClient.Create(new Uri("http://localhost/"), null, server.App.CreateHandler());
        var next = await client.Tokens.RefreshAsync(renewed.RefreshToken!, Ct);
        Assert.False(string.IsNullOrEmpty(next.Access_token));
    }

    [Fact]
    public async Task Completion_suggests_commands_and_columns()
    {
        var path = CliServerFixture.NewCredentialsPath();
        var commands = await server.RunAsync(path, ["[suggest:7]", "jobs se"]);
        Assert.Contains("search", commands.Out.Split('\n').Select(l => l.Trim()));
        var columns = await server.RunAsync(path, ["[suggest:21]", "jobs search -p Owner"]);
        Assert.Contains("OwnerGroup", columns.Out.Split('\n').Select(l => l.Trim()));
        foreach (var shell in new[] { "bash", "zsh", "fish" })
        {
            var script = await server.RunAsync(path, ["completion", shell]);
            Assert.Contains("[suggest:", script.Out, StringComparison.Ordinal);
        }
    }
}
