using System.Globalization;
using System.Text.Json.Nodes;
using DiracX.Client.Credentials;

namespace DiracX.Cli.Tests;

/// <summary>
/// What a grid user runs into at the command line: recovering from bad credentials, large and mixed submissions,
/// mistakes in arguments and files, and answers that say what went wrong and can be scripted against.
/// </summary>
public sealed class UsabilityTests(CliServerFixture server) : IClassFixture<CliServerFixture>
{
    private const string Jdl = "[Executable = \"echo\"; JobName = \"usability\";]";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<string> LoggedInAsync()
    {
        var path = CliServerFixture.NewCredentialsPath();
        var login = await server.LoginAsync(path);
        Assert.True(login.ExitCode == 0, login.ToString());
        return path;
    }

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
        var credentials = await LoggedInAsync();
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
        var credentials = await LoggedInAsync();
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
    public async Task More_jdl_files_than_one_request_takes_are_submitted_in_batches()
    {
        var credentials = await LoggedInAsync();
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
    public async Task Parametric_and_plain_jdls_are_submitted_together()
    {
        var credentials = await LoggedInAsync();
        var parametric = await WriteAsync(credentials, "param.jdl", "[Executable = \"echo\"; Arguments = \"%s\"; Parameters = {\"x\", \"y\", \"z\"};]");
        var plain = await WriteAsync(credentials, "plain.jdl", Jdl);
        var result = await server.RunAsync(credentials, ["jobs", "submit", parametric, plain]);
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal(4, Inserted(result).Length);
    }

    [Fact]
    public async Task Submit_with_json_output_prints_the_inserted_jobs()
    {
        var credentials = await LoggedInAsync();
        var file = await WriteAsync(credentials, "json.jdl", Jdl);
        var result = await server.RunAsync(credentials, ["jobs", "submit", file, "-o", "json"]);
        Assert.True(result.ExitCode == 0, result.ToString());
        var jobs = JsonNode.Parse(result.Out)!.AsArray();
        Assert.Single(jobs);
        Assert.True(jobs[0]!["JobID"]!.GetValue<long>() > 0);
        Assert.Equal("Received", jobs[0]!["Status"]!.GetValue<string>());
        Assert.DoesNotContain("Inserted", result.Console, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_jdl_files_are_named_and_nothing_is_submitted()
    {
        var credentials = await LoggedInAsync();
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

}
