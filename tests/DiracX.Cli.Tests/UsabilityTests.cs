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

}
