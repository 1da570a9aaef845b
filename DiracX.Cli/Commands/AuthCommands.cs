using System.CommandLine;
using DiracX.Client.Credentials;
using DiracX.Client.Generated;
using Spectre.Console;

namespace DiracX.Cli.Commands;

/// <summary><c>dirac login</c>, <c>logout</c> and <c>whoami</c> (DiracX's <c>cli/auth.py</c>).</summary>
internal static class AuthCommands
{
    public static IEnumerable<Command> Create(CliEnvironment environment)
    {
        yield return Login(environment);
        yield return Logout(environment);
        yield return WhoAmI(environment);
    }

    private static Command Login(CliEnvironment environment)
    {
        var vo = new Argument<string?>("vo") { Description = "The virtual organization to log in to (default: the only one of the server).", Arity = ArgumentArity.ZeroOrOne };
        var group = new Option<string?>("--group") { Description = "The group to log in as (default: the VO's default group)." };
        var property = new Option<string[]>("--property") { Description = "A property to request (repeatable).", AllowMultipleArgumentsPerToken = false };
        var command = CommandBuilder.Create(environment, "login",
            "Log in with the device flow: prints a URL and a code to open in a browser, waits until you have logged in, "
            + "and saves the credentials (DIRACX_CREDENTIALS_PATH, default ~/.cache/diracx/credentials.json).",
            ["dirac login lhcb", "dirac login lhcb --group lhcb_prmgr", "dirac login lhcb --property FileCatalogManagement"]);
        command.Arguments.Add(vo);
        command.Options.Add(group);
        command.Options.Add(property);
        CommandBuilder.SetAction(command, environment, async (context, ct) =>
        {
            var client = context.Client;
            var metadata = await client.WellKnown.GetInstallationMetadataAsync(ct);
            var chosen = context.Parse.GetValue(vo);
            var available = metadata.Virtual_organizations.Keys.Order(StringComparer.Ordinal).ToList();
            if (chosen is null)
            {
                chosen = available.Count == 1 ? available[0]
                    : throw new ArgumentException($"Please give the VO to log in to, one of: {string.Join(", ", available)}");
            }
            else if (!metadata.Virtual_organizations.ContainsKey(chosen))
            {
                throw new ArgumentException($"Unknown VO {chosen}, valid responses are: {string.Join(", ", available)}");
            }
            var scope = $"vo:{chosen}";
            if (context.Parse.GetValue(group) is { } g)
            {
                // Checked here, as the VO is, to list the VO's groups (the server says only that the group is not one of them).
                var groups = metadata.Virtual_organizations[chosen].Groups;
                if (groups.Count > 0 && !groups.ContainsKey(g))
                {
                    throw new ArgumentException($"Unknown group {g} in {chosen}, valid groups are: {string.Join(", ", groups.Keys.Order(StringComparer.Ordinal))}");
                }
                scope += $" group:{g}";
            }
            foreach (var p in context.Parse.GetValue(property) ?? [])
            {
                scope += $" property:{p}";
            }
            var flow = await client.Auth.InitiateDeviceFlowAsync(client.Tokens.ClientId, scope, ct);
            context.WriteLine($"Logging in with scope: {scope}");
            context.WriteLine($"Now go to: {flow.Verification_uri_complete}");
            var deadline = DateTimeOffset.UtcNow.AddSeconds(Math.Max(flow.Expires_in - 30, 1));
            TokenResponse? tokens = null;
            await context.Console.Status().Spinner(Spinner.Known.Dots).StartAsync("Waiting for login...", async _ =>
            {
                while (DateTimeOffset.UtcNow < deadline)
                {
                    var poll = await client.Tokens.PollDeviceFlowAsync(flow.Device_code, ct);
                    if (poll.Tokens is not null)
                    {
                        tokens = poll.Tokens;
                        return;
                    }
                    if (!poll.IsPending)
                    {
                        throw new InvalidOperationException($"Login failed: {poll.Error}");
                    }
                    await Task.Delay(environment.LoginPollInterval, ct);
                }
            });
            if (tokens is null)
            {
                throw new InvalidOperationException("Device authorization flow expired");
            }
            var path = context.Settings.CredentialsPath;
            await StoredCredentials.From(tokens, DateTimeOffset.UtcNow).WriteAsync(path, ct);
            context.WriteLine($"Saved credentials to {path}");
            context.WriteLine("Login successful!");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Logout(CliEnvironment environment) =>
        CommandBuilder.Create(environment, "logout",
            "Revoke the refresh token and delete the credentials file (deleted even when the server cannot be reached).",
            ["dirac logout"], async (context, ct) =>
            {
                var path = context.Settings.CredentialsPath;
                if (!File.Exists(path))
                {
                    context.WriteLine("You are not connected to DiracX, or your credentials are missing.");
                    return ExitCodes.Success;
                }
                try
                {
                    var stored = StoredCredentials.Parse(await File.ReadAllTextAsync(path, ct));
                    if (stored?.RefreshToken is { } refreshToken)
                    {
                        await context.Client.Tokens.RevokeAsync(refreshToken, ct);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // DiracX prints the error and removes the credentials anyway.
                    context.Environment.Error.WriteLine(CliErrors.Describe(e, context).Message);
                }
                File.Delete(path);
                context.WriteLine($"Removed credentials from {path}");
                context.WriteLine("Logout successful!");
                return ExitCodes.Success;
            });

    private static Command WhoAmI(CliEnvironment environment) =>
        CommandBuilder.Create(environment, "whoami", "Show who you are logged in as (GET /api/auth/userinfo).",
            ["dirac whoami", "dirac whoami --output json"], async (context, ct) =>
            {
                context.WriteJson(await context.Client.GetJsonAsync("api/auth/userinfo", ct));
                return ExitCodes.Success;
            });
}
