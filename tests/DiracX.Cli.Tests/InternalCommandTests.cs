using System.Text.Json.Nodes;
using DiracX.Core.Configuration;
using DiracX.Testing;
using Spectre.Console.Testing;

namespace DiracX.Cli.Tests;

/// <summary>
/// <c>dirac internal ...</c> and <c>dirac config validate</c> on temporary configuration repositories (no server): the
/// repository after each command, and DiracX's messages and errors.
/// </summary>
public sealed class InternalCommandTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("dirac-internal-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static async Task<CliResult> RunAsync(string[] args, IDictionary<string, string?>? variables = null)
    {
        var console = new TestConsole();
        console.Profile.Width = 250;
        using var output = new StringWriter();
        using var error = new StringWriter();
        var environment = new CliEnvironment
        {
            Variables = variables is null ? new Dictionary<string, string?>() : new Dictionary<string, string?>(variables),
            Console = console,
            Out = output,
            Error = error,
        };
        var code = await DiracCli.RunAsync(args, environment, cancellationToken: Ct);
        return new CliResult(code, console.Output, output.ToString(), error.ToString());
    }

    private static async Task<CliResult> SucceedsAsync(params string[] args)
    {
        var result = await RunAsync(args);
        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Equal("", result.Error);
        return result;
    }

    private static async Task FailsAsync(string message, params string[] args)
    {
        var result = await RunAsync(args);
        Assert.True(result.ExitCode == ExitCodes.Failure, result.ToString());
        Assert.Equal(message, result.Error.Trim());
    }

    private static JsonObject Read(string path) =>
        (JsonObject)ConfigYaml.Parse(File.ReadAllText(Path.Combine(path, "default.yml")))!;

    private static async Task<string[]> LogAsync(string path) =>
        (await GitCli.RunAsync(path, ["log", "--format=%s"], Ct)).Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private static string[] Strings(JsonNode? node) => [.. node!.AsArray().Select(n => n!.GetValue<string>())];

    [Fact]
    public async Task Generate_cs_then_add_vo_group_and_users_commit_each_change_and_refuse_duplicates()
    {
        var path = Path.Combine(_root, "cs");
        var repo = "git+file://" + path;

        var generated = await SucceedsAsync("internal", "generate-cs", repo);
        Assert.Equal($"Successfully created repo in {repo}", generated.Console.Trim());
        var initial = Read(path);
        Assert.Equal(["DIRAC", "Operations", "Registry"], initial.Select(p => p.Key).Order(StringComparer.Ordinal).ToArray());
        Assert.Empty(initial["Registry"]!.AsObject());
        Assert.Equal(["Initial commit"], await LogAsync(path));
        await FailsAsync($"Directory {path} already exists", "internal", "generate-cs", repo);

        var vo = await SucceedsAsync("internal", "add-vo", repo, "--vo", "lhcb", "--idp-url", "https://idp.example.org", "--idp-client-id", "diracx");
        Assert.Equal($"Successfully added vo to {repo}", vo.Console.Trim());
        var lhcb = Read(path)["Registry"]!["lhcb"]!;
        Assert.Equal("https://idp.example.org", lhcb["IdP"]!["URL"]!.GetValue<string>());
        Assert.Equal("diracx", lhcb["IdP"]!["ClientID"]!.GetValue<string>());
        Assert.Equal("user", lhcb["DefaultGroup"]!.GetValue<string>());
        Assert.Equal(["NormalUser"], Strings(lhcb["Groups"]!["user"]!["Properties"]));
        Assert.Equal("Added vo lhcb registry (default group user and idp https://idp.example.org)", (await LogAsync(path))[0]);
        await FailsAsync("VO lhcb already exists", "internal", "add-vo", repo, "--vo", "lhcb", "--idp-url", "https://other.example.org", "--idp-client-id", "x");

        var group = await SucceedsAsync("internal", "add-group", repo, "--vo", "lhcb", "--group", "admin",
            "--properties", "JobAdministrator", "--properties", "NormalUser");
        Assert.Equal($"Successfully added group to {repo}", group.Console.Trim());
        Assert.Equal(["JobAdministrator", "NormalUser"], Strings(Read(path)["Registry"]!["lhcb"]!["Groups"]!["admin"]!["Properties"]).Order(StringComparer.Ordinal));
        await SucceedsAsync("internal", "add-group", repo, "--vo", "lhcb", "--group", "plain");
        Assert.Equal(["NormalUser"], Strings(Read(path)["Registry"]!["lhcb"]!["Groups"]!["plain"]!["Properties"]));
        Assert.Equal("Added group plain in lhcb", (await LogAsync(path))[0]);
        await FailsAsync("Group admin already exists in lhcb", "internal", "add-group", repo, "--vo", "lhcb", "--group", "admin");
        await FailsAsync("Virtual Organization nope does not exist", "internal", "add-group", repo, "--vo", "nope", "--group", "admin");

        var user = await SucceedsAsync("internal", "add-user", repo, "--vo", "lhcb", "--sub", "1234", "--preferred-username", "chaen",
            "--group", "admin", "--group", "plain");
        Assert.Equal($"Successfully added user to {repo}", user.Console.Trim());
        await SucceedsAsync("internal", "add-user", repo, "--vo", "lhcb", "--sub", "5678", "--preferred-username", "alice");
        var registry = Read(path)["Registry"]!["lhcb"]!;
        Assert.Equal("chaen", registry["Users"]!["1234"]!["PreferedUsername"]!.GetValue<string>());
        Assert.Equal("alice", registry["Users"]!["5678"]!["PreferedUsername"]!.GetValue<string>());
        Assert.Equal(["1234"], Strings(registry["Groups"]!["admin"]!["Users"]));
        Assert.Equal(["1234"], Strings(registry["Groups"]!["plain"]!["Users"]));
        Assert.Equal(["5678"], Strings(registry["Groups"]!["user"]!["Users"])); // the default group
        var log = await LogAsync(path);
        Assert.Equal("Added user 5678 (alice) to vo lhcb and groups ['user']", log[0]);
        Assert.Equal("Added user 1234 (chaen) to vo lhcb and groups ['admin', 'plain']", log[1]);

        var head = await GitCli.RunAsync(path, ["rev-parse", "HEAD"], Ct);
        await FailsAsync("User 1234 already exists", "internal", "add-user", repo, "--vo", "lhcb", "--sub", "1234", "--preferred-username", "x");
        await FailsAsync("Group missing does not exist in lhcb", "internal", "add-user", repo, "--vo", "lhcb", "--sub", "9", "--preferred-username", "x",
            "--group", "missing");
        Assert.Equal(head, await GitCli.RunAsync(path, ["rev-parse", "HEAD"], Ct)); // refused changes commit nothing
        Assert.False(Read(path)["Registry"]!["lhcb"]!["Users"]!.AsObject().ContainsKey("9"));

        // What the commands built is a valid configuration, as a folder and as a URL.
        Assert.Equal("The configuration is valid.", (await SucceedsAsync("config", "validate", path)).Console.Trim());
        Assert.Equal("The configuration is valid.", (await SucceedsAsync("config", "validate", repo)).Console.Trim());
    }

    [Fact]
    public async Task Commands_on_a_repository_without_default_yml_or_a_remote_url_fail_with_one_line()
    {
        var empty = Path.Combine(_root, "empty");
        Directory.CreateDirectory(empty);
        await FailsAsync($"{Path.Combine(empty, "default.yml")} does not exist; create the repository with generate-cs first",
            "internal", "add-vo", "git+file://" + empty, "--vo", "lhcb", "--idp-url", "https://idp.example.org", "--idp-client-id", "x");
        await FailsAsync("Only git+file:// URLs are supported",
            "internal", "add-group", "git+https://example.org/cs.git", "--vo", "lhcb", "--group", "g");
    }

    [Fact]
    public async Task Config_validate_accepts_the_test_configuration_and_lists_every_problem_of_a_broken_one()
    {
        var (repository, _) = await TestConfigRepository.CreateAsync(TestConfigs.Default, Ct);
        using (repository)
        {
            Assert.Equal("The configuration is valid.", (await SucceedsAsync("config", "validate", repository.Url)).Console.Trim());
            Assert.Equal("The configuration is valid.", (await SucceedsAsync("config", "validate", Path.Combine(repository.Path, "default.yml"))).Console.Trim());
        }

        var path = Path.Combine(_root, "cs");
        await SucceedsAsync("internal", "generate-cs", path);
        await SucceedsAsync("internal", "add-vo", path, "--vo", "lhcb", "--idp-url", "https://idp.example.org", "--idp-client-id", "diracx");
        var config = Read(path);
        config["Registry"]!["lhcb"]!["Groups"]!["user"]!["Users"] = new JsonArray("nobody");
        config["Registry"]!["lhcb"]!["DefaultGroup"] = "missing";
        var broken = Path.Combine(_root, "broken.yml");
        await File.WriteAllTextAsync(broken, ConfigYaml.Serialize(config), Ct);

        var result = await RunAsync(["config", "validate", broken]);
        Assert.True(result.ExitCode == ExitCodes.Failure, result.ToString());
        var lines = result.Console.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.True(lines.Length >= 2, result.ToString());
        Assert.All(lines, l => Assert.StartsWith("Registry.lhcb", l, StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("nobody", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("missing", StringComparison.Ordinal));
        Assert.DoesNotContain("valid.", result.Console, StringComparison.Ordinal);

        var missing = await RunAsync(["config", "validate", Path.Combine(_root, "nothing-here")]);
        Assert.True(missing.ExitCode == ExitCodes.Failure, missing.ToString());
        Assert.NotEqual("", missing.Error.Trim());
        Assert.DoesNotContain("Unexpected error", missing.Error, StringComparison.Ordinal);
    }

    private const string LegacyCfg = """
        DIRAC
        {
          VirtualOrganization = lhcb
        }
        DiracX
        {
          CsSync
          {
            VOs
            {
              lhcb
              {
                DefaultGroup = lhcb_user
                IdP
                {
                  URL = https://auth.example.org/realms/lhcb
                  ClientID = lhcb-diracx
                }
                UserSubjects
                {
                  chaen = 6e1b3e4a-0c1d-4f4e-9b1e-5a1c2d3e4f50
                }
              }
            }
          }
        }
        Registry
        {
          Users
          {
            chaen
            {
              DN = /DC=ch/DC=cern/OU=Users/CN=chaen
              Email = chaen@example.org
            }
          }
          Groups
          {
            lhcb_user
            {
              Users = chaen
              Properties = NormalUser
              VO = lhcb
            }
            orphan
            {
              Users = chaen
              Properties = NormalUser
            }
          }
          VO
          {
            lhcb
            {
              VOAdmin = chaen
            }
            dteam
            {
              VOAdmin = chaen
            }
          }
        }
        """;

    [Fact]
    public async Task Legacy_cs_sync_needs_its_variable_then_writes_the_yaml_and_warns_about_what_it_left_out()
    {
        var cfg = Path.Combine(_root, "dirac.cfg");
        var yaml = Path.Combine(_root, "default.yml");
        await File.WriteAllTextAsync(cfg, LegacyCfg, Ct);

        await FailsAsync("DIRAC_COMPAT_ENABLE_CS_CONVERSION must be set for the conversion to be possible", "internal", "legacy", "cs-sync", cfg, yaml);
        Assert.False(File.Exists(yaml));

        var result = await RunAsync(["internal", "legacy", "cs-sync", cfg, yaml], new Dictionary<string, string?> { ["DIRAC_COMPAT_ENABLE_CS_CONVERSION"] = "1" });
        Assert.True(result.ExitCode == ExitCodes.Success, result.ToString());
        Assert.Contains("dteam don't have a migration config, ignoring", result.Error, StringComparison.Ordinal);
        Assert.Contains("Can't convert group orphan because it is not associated to any VO", result.Error, StringComparison.Ordinal);
        var converted = (JsonObject)ConfigYaml.Parse(await File.ReadAllTextAsync(yaml, Ct))!;
        var lhcb = converted["Registry"]!["lhcb"]!;
        Assert.Equal(["lhcb"], converted["Registry"]!.AsObject().Select(p => p.Key).ToArray());
        Assert.Equal("https://auth.example.org/realms/lhcb", lhcb["IdP"]!["URL"]!.GetValue<string>());
        Assert.Equal("lhcb_user", lhcb["DefaultGroup"]!.GetValue<string>());
        Assert.Equal(["6e1b3e4a-0c1d-4f4e-9b1e-5a1c2d3e4f50"], Strings(lhcb["Groups"]!["lhcb_user"]!["Users"]));
        Assert.Equal("chaen", lhcb["Users"]!["6e1b3e4a-0c1d-4f4e-9b1e-5a1c2d3e4f50"]!["PreferedUsername"]!.GetValue<string>());
        Assert.Equal("The configuration is valid.", (await SucceedsAsync("config", "validate", yaml)).Console.Trim());

        var malformed = Path.Combine(_root, "nodiracx.cfg");
        await File.WriteAllTextAsync(malformed, "Registry\n{\n}\n", Ct);
        var refused = await RunAsync(["internal", "legacy", "cs-sync", malformed, Path.Combine(_root, "other.yml")],
            new Dictionary<string, string?> { ["DIRAC_COMPAT_ENABLE_CS_CONVERSION"] = "1" });
        Assert.True(refused.ExitCode == ExitCodes.Failure, refused.ToString());
        Assert.Contains("DiracX: field required", refused.Error, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(_root, "other.yml")));
    }

    public void Dispose()
    {
        try
        {
            foreach (var file in Directory.EnumerateFiles(_root, "*", SearchOption.AllDirectories))
            {
                File.SetAttributes(file, FileAttributes.Normal); // git's read-only objects
            }
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
