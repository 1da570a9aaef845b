using System.Globalization;
using System.Text.Json.Nodes;
using DiracX.Client.Credentials;
using Spectre.Console;

namespace DiracX.Cli.Tests;

/// <summary>
/// What a grid user runs into at the command line: recovering from bad credentials, large and mixed submissions,
/// mistakes in arguments and files, and answers that say what went wrong and can be scripted against.
/// </summary>
public sealed class UsabilityTests(CliServerFixture server) : IClassFixture<CliServerFixture>
{
    private const string Jdl = "[Executable = \"echo\"; JobName = \"usability\";]";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Folder(string credentials) => Path.GetDirectoryName(credentials)!;

    private static async Task<string> WriteAsync(string credentials, string name, string text)
    {
        var file = Path.Combine(Folder(credentials), name);
        await File.WriteAllTextAsync(file, text, Ct);
        return file;
    }

    private static long[] Inserted(CliResult result)
    {
        var line = result.Console.Split('\n').Single(l => l.StartsWith("Inserted ", StringComparison.Ordinal)).Trim();
        return [.. line.Split(": ")[1].Split(',').Select(s => long.Parse(s, CultureInfo.InvariantCulture))];
    }

    [Fact]
    public async Task Login_works_when_the_stored_refresh_token_has_been_revoked()
    {
        var credentials = await server.LoggedInAsync();
        var stale = await File.ReadAllTextAsync(credentials, Ct);
        Assert.Equal(0, (await server.RunAsync(credentials, ["logout"])).ExitCode);
        // The file of a revoked session whose access token has expired: using it means refreshing, which the server refuses.
        await (StoredCredentials.Parse(stale)! with { ExpiresOn = 0 }).WriteAsync(credentials, Ct);

        var login = await server.LoginAsync(credentials);
        Assert.True(login.ExitCode == 0, login.ToString());
        var whoami = await server.RunAsync(credentials, ["whoami", "-o", "json"]);
        Assert.True(whoami.ExitCode == 0, whoami.ToString());
    }

    [Fact]
    public async Task A_refused_refresh_says_why_the_user_must_log_in_again()
    {
        var credentials = await server.LoggedInAsync();
        var stale = await File.ReadAllTextAsync(credentials, Ct);
        Assert.Equal(0, (await server.RunAsync(credentials, ["logout"])).ExitCode);
        await (StoredCredentials.Parse(stale)! with { ExpiresOn = 0 }).WriteAsync(credentials, Ct);

        var result = await server.RunAsync(credentials, ["whoami"]);
        Assert.Equal(ExitCodes.NotAuthenticated, result.ExitCode);
        var lines = result.Error.Trim().Split('\n').Select(l => l.Trim()).ToArray();
        Assert.Equal(CliErrors.NotAuthenticated, lines[0]);
        Assert.Contains("refresh", lines[1], StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Login_to_an_unknown_group_lists_the_groups_of_the_vo()
    {
        var result = await server.RunAsync(CliServerFixture.NewCredentialsPath(), ["login", "lhcb", "--group", "no_such_group"]);
        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.StartsWith("Unknown group no_such_group in lhcb, valid groups are: ", result.Error.Trim(), StringComparison.Ordinal);
        Assert.Contains("lhcb_user", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Now go to", result.Console, StringComparison.Ordinal);
    }

    [Fact]
    public async Task More_jdl_files_than_one_request_takes_are_submitted_in_batches()
    {
        var credentials = await server.LoggedInAsync();
        var files = new List<string>();
        for (var i = 0; i < 25; i++)
        {
            files.Add(await WriteAsync(credentials, $"many{i}.jdl", Jdl));
        }
        var result = await server.RunAsync(credentials, ["jobs", "submit", .. files]);
        Assert.True(result.ExitCode == 0, result.ToString());
        var ids = Inserted(result);
        Assert.Equal(25, ids.Distinct().Count());
    }

    [Fact]
    public async Task A_refused_later_request_reports_the_jobs_already_created()
    {
        var credentials = await server.LoggedInAsync();
        var files = new List<string>();
        for (var i = 0; i < 20; i++)
        {
            files.Add(await WriteAsync(credentials, $"first{i}.jdl", Jdl));
        }
        // Well formed, so it passes the local check; the server refuses it in the second request.
        files.Add(await WriteAsync(credentials, "zero.jdl", "[Executable = \"echo\"; Parameters = 0;]"));
        var result = await server.RunAsync(credentials, ["jobs", "submit", .. files]);
        Assert.Equal(ExitCodes.Failure, result.ExitCode);
        Assert.Equal(20, Inserted(result).Length);
        Assert.Equal("Error 400: Illegal number of job parameters 0", result.Error.Trim());
    }

    [Fact]
    public async Task Parametric_and_plain_jdls_are_submitted_together()
    {
        var credentials = await server.LoggedInAsync();
        var parametric = await WriteAsync(credentials, "param.jdl", "[Executable = \"echo\"; Arguments = \"%s\"; Parameters = {\"x\", \"y\", \"z\"};]");
        var plain = await WriteAsync(credentials, "plain.jdl", Jdl);
        var result = await server.RunAsync(credentials, ["jobs", "submit", parametric, plain]);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(4, Inserted(result).Length);
    }

    [Fact]
    public async Task Submit_with_json_output_prints_the_inserted_jobs()
    {
        var credentials = await server.LoggedInAsync();
        var file = await WriteAsync(credentials, "json.jdl", Jdl);
        var result = await server.RunAsync(credentials, ["jobs", "submit", file, "-o", "json"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        var jobs = JsonNode.Parse(result.Out)!.AsArray();
        Assert.Single(jobs);
        Assert.True(jobs[0]!["JobID"]!.GetValue<long>() > 0);
        Assert.Equal("Received", jobs[0]!["Status"]!.GetValue<string>());
        Assert.DoesNotContain("Inserted", result.Console, StringComparison.Ordinal);
        // JSON for people and tools, not for HTML: '+00:00', not '\u002B00:00'.
        Assert.DoesNotContain("\\u002B", result.Out, StringComparison.Ordinal);
        Assert.Matches("\"TimeStamp\": \"[^\"]+\\+00:00\"", result.Out);
    }

    [Fact]
    public void Text_to_a_pipe_or_file_is_not_wrapped_at_80_columns()
    {
        using var writer = new StringWriter();
        var console = CliEnvironment.CreateConsole(writer, redirected: true);
        var line = "Inserted 200 jobs with ids: " + string.Join(",", Enumerable.Range(1000, 200));
        console.WriteLine(line);
        Assert.Equal(line, writer.ToString().TrimEnd('\n', '\r'));
    }

    [Fact]
    public async Task Bad_jdl_files_are_named_and_nothing_is_submitted()
    {
        var credentials = await server.LoggedInAsync();
        var good = await WriteAsync(credentials, "good.jdl", "[Executable = \"echo\"; JobName = \"must-not-be-submitted\";]");
        var bad = await WriteAsync(credentials, "broken.jdl", "[Executable = \"echo\"; Arguments = ]");
        var empty = await WriteAsync(credentials, "empty.jdl", "  \n");

        var syntax = await server.RunAsync(credentials, ["jobs", "submit", good, bad]);
        Assert.Equal(ExitCodes.Failure, syntax.ExitCode);
        Assert.StartsWith($"{bad}: ", syntax.Error.Trim(), StringComparison.Ordinal);

        var blank = await server.RunAsync(credentials, ["jobs", "submit", good, empty]);
        Assert.Equal(ExitCodes.Failure, blank.ExitCode);
        Assert.Equal($"{empty}: the file is empty", blank.Error.Trim());

        var folder = await server.RunAsync(credentials, ["jobs", "submit", Folder(credentials)]);
        Assert.Equal(ExitCodes.Failure, folder.ExitCode);
        Assert.Equal($"{Folder(credentials)}: is a directory, not a JDL file", folder.Error.Trim());

        var search = await server.RunAsync(credentials, ["jobs", "search", "-c", "JobName eq must-not-be-submitted", "-o", "json"]);
        Assert.Equal("[]", search.Out.Trim());
    }

    [Fact]
    public async Task Search_sorts_by_the_given_columns()
    {
        var credentials = await server.LoggedInAsync();
        var files = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            files.Add(await WriteAsync(credentials, $"sort{i}.jdl", "[Executable = \"echo\"; JobName = \"sorted\";]"));
        }
        var ids = Inserted(await server.RunAsync(credentials, ["jobs", "submit", .. files]));

        var result = await server.RunAsync(credentials, ["jobs", "search", "-c", "JobName eq sorted", "-p", "JobID", "--sort", "JobID:desc", "-o", "json"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(ids.OrderDescending(), JsonNode.Parse(result.Out)!.AsArray().Select(r => r!["JobID"]!.GetValue<long>()));

        // The caption of a narrow table stays on one line.
        var narrow = await server.RunAsync(credentials, ["jobs", "search", "-c", "JobName eq sorted", "-p", "JobID", "--per-page", "1"]);
        Assert.Contains("Showing 0-0 of 3 jobs", narrow.Console, StringComparison.Ordinal);

        var past = await server.RunAsync(credentials, ["jobs", "search", "-c", "JobName eq sorted", "--per-page", "2", "--page", "5"]);
        Assert.True(past.ExitCode == 0, past.ToString());
        Assert.Contains("No jobs on page 5: 3 jobs match, 2 pages of 2", past.Console, StringComparison.Ordinal);

        var bad = await server.RunAsync(credentials, ["jobs", "search", "--sort", "JobID:sideways"]);
        Assert.Equal(ExitCodes.Failure, bad.ExitCode);
        Assert.Contains("'JobID:sideways': the direction is asc or desc", bad.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Status_and_history_name_the_jobs_that_were_not_found()
    {
        var credentials = await server.LoggedInAsync();
        var file = await WriteAsync(credentials, "status.jdl", Jdl);
        var id = Inserted(await server.RunAsync(credentials, ["jobs", "submit", file]))[0];

        var status = await server.RunAsync(credentials, ["jobs", "status", id.ToString(CultureInfo.InvariantCulture), "999999991"]);
        Assert.Equal(ExitCodes.Failure, status.ExitCode);
        Assert.Equal("Job 999999991: not found", status.Error.Trim());

        var history = await server.RunAsync(credentials, ["jobs", "history", "999999991"]);
        Assert.Equal(ExitCodes.Failure, history.ExitCode);
        Assert.Equal("Job 999999991: not found", history.Error.Trim());
    }

    [Fact]
    public async Task Refused_job_commands_name_the_jobs_that_are_missing_or_not_yours()
    {
        var credentials = await server.LoggedInAsync();
        var file = await WriteAsync(credentials, "mine.jdl", Jdl);
        var id = Inserted(await server.RunAsync(credentials, ["jobs", "submit", file]))[0];

        var kill = await server.RunAsync(credentials, ["jobs", "kill", id.ToString(CultureInfo.InvariantCulture), "999999992"]);
        Assert.Equal(ExitCodes.Failure, kill.ExitCode);
        Assert.Equal("Error 403: Forbidden (not found: job 999999992; nothing was changed)", kill.Error.Trim());

        var parameters = await server.RunAsync(credentials, ["jobs", "parameters", "999999992"]);
        Assert.Equal(ExitCodes.Failure, parameters.ExitCode);
        Assert.Equal("Error 403: Forbidden (not found: job 999999992)", parameters.Error.Trim());
    }

    [Fact]
    public async Task Paging_options_are_checked_and_server_validation_errors_are_readable()
    {
        var path = CliServerFixture.NewCredentialsPath();
        var page = await server.RunAsync(path, ["jobs", "search", "--page", "0"]);
        Assert.Equal(ExitCodes.Failure, page.ExitCode);
        Assert.StartsWith("--page must be at least 1", page.Error.Trim(), StringComparison.Ordinal);
        var perPage = await server.RunAsync(path, ["jobs", "search", "--per-page", "20000"]);
        Assert.Equal(ExitCodes.Failure, perPage.ExitCode);
        Assert.StartsWith("--per-page must be between 1 and 10000", perPage.Error.Trim(), StringComparison.Ordinal);

        // FastAPI's validation errors (a list of {loc, msg}) become one line per problem.
        var invalid = CliErrors.Describe(new Client.Generated.DiracXApiException("x", 422,
            """{"detail":[{"type":"less_than_equal","loc":["query","per_page"],"msg":"Input should be less than or equal to 10000"}]}""",
            new Dictionary<string, IEnumerable<string>>(), null), null!);
        Assert.Equal((ExitCodes.Failure, "Error 422: per_page (query): Input should be less than or equal to 10000"), invalid);
    }

    [Fact]
    public async Task Parse_errors_are_short_and_point_at_the_help()
    {
        var path = CliServerFixture.NewCredentialsPath();
        var missing = await server.RunAsync(path, ["jobs", "summary"]);
        Assert.Equal(ExitCodes.Failure, missing.ExitCode);
        Assert.DoesNotContain("Description:", missing.Out, StringComparison.Ordinal);
        Assert.Contains("Option '--grouping' is required.", missing.Error, StringComparison.Ordinal);
        Assert.Contains("See 'dirac jobs summary --help'.", missing.Error, StringComparison.Ordinal);

        // A command group without its command shows the group's help (and still fails).
        var group = await server.RunAsync(path, ["jobs"]);
        Assert.Equal(ExitCodes.Failure, group.ExitCode);
        Assert.Contains("Commands:", group.Out, StringComparison.Ordinal);
        Assert.Contains("submit <jdl>", group.Out, StringComparison.Ordinal);

        var notAnId = await server.RunAsync(path, ["jobs", "kill", "12", "abc"]);
        Assert.Equal(ExitCodes.Failure, notAnId.ExitCode);
        Assert.Contains("'abc' is not a job ID", notAnId.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Did you mean", notAnId.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_lists_commands_in_one_line_and_each_command_shows_its_examples()
    {
        var path = CliServerFixture.NewCredentialsPath();
        var jobs = await server.RunAsync(path, ["jobs", "--help"]);
        Assert.Equal(0, jobs.ExitCode);
        Assert.Contains("kill <job-id>", jobs.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("dirac jobs kill 42 43 44", jobs.Out, StringComparison.Ordinal);

        var kill = await server.RunAsync(path, ["jobs", "kill", "--help"]);
        Assert.Contains("Examples:", kill.Out, StringComparison.Ordinal);
        Assert.Contains("dirac jobs kill 42 43 44", kill.Out, StringComparison.Ordinal);

        // A hidden command is left out of its parent's list, but its own help is printed.
        var hidden = await server.RunAsync(path, ["internal", "--help"]);
        Assert.Equal(0, hidden.ExitCode);
        Assert.Contains("generate-cs", hidden.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sandbox_download_takes_the_type_in_any_case_and_says_when_there_is_nothing()
    {
        var credentials = await server.LoggedInAsync();
        var file = await WriteAsync(credentials, "nosandbox.jdl", Jdl);
        var id = Inserted(await server.RunAsync(credentials, ["jobs", "submit", file]))[0].ToString(CultureInfo.InvariantCulture);
        var result = await server.RunAsync(credentials, ["jobs", "sandbox", "download", id, "--type", "input", "-d", Path.Combine(Folder(credentials), "in")]);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"Job {id} has no Input sandbox", result.Console, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_a_server_the_message_names_DIRACX_URL()
    {
        var path = CliServerFixture.NewCredentialsPath();
        var result = await server.RunAsync(path, ["jobs", "search"], new Dictionary<string, string?> { ["DIRACX_URL"] = null });
        Assert.Equal(ExitCodes.Unreachable, result.ExitCode);
        Assert.Contains("DIRACX_URL", result.Error, StringComparison.Ordinal);
    }
}
