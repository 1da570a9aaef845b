using System.Net;
using System.Text.Json.Nodes;
using DiracX.Core.Modules;
using DiracX.Routers.Infrastructure.Hosting;
using DiracX.Testing;
using Microsoft.CodeAnalysis;

namespace DiracX.AppHost.Tests.Processes;

/// <summary>
/// <c>DIRACX_EXTENSIONS</c> as a deployment uses it: an extension assembly compiled here (against the DiracX
/// assemblies the routers ship, with a NuGet package that no host has) is loaded by the real routers process, its route
/// answers, its override wins; one built against another DiracX version is refused by every host in one line.
/// </summary>
public sealed class ExtensionLoadingTests : IDisposable
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);
    private readonly string _folder = Directory.CreateTempSubdirectory("diracx-extension-test-").FullName;

    private const string ExtensionSource = """
        using System.Collections.Generic;
        using System.Runtime.Loader;
        using DiracX.Core.Modules;
        using DiracX.Routers.Infrastructure.Routing;
        using Humanizer;

        [assembly: DiracXExtensionModule(typeof(TestExt.TestExtModule), DiracXHosts.Routers)]
        [assembly: DiracXExtensionModule(typeof(TestExt.CliOnlyModule), DiracXHosts.Cli)]

        namespace TestExt;

        public sealed class TestExtModule : IDiracXModule
        {
            public string Name => "testext";

            public void Register(DiracXModuleContext context)
            {
                context.Map("GET", "/api/testext/hello", Hello, RouteAccess.Open, "Hello", "Counts in words with a private dependency.");
                context.Map("GET", "/api/health/live", Live, RouteAccess.Open, "Liveness (extension)", "Overridden by the extension.",
                    r => r with { ExcludeFromDescription = true });
            }

            public static Dictionary<string, string> Hello() => new()
            {
                ["words"] = 3.ToWords(),
                ["humanizer_context"] = AssemblyLoadContext.GetLoadContext(typeof(NumberToWordsExtension).Assembly)!.Name!,
                ["core_context"] = AssemblyLoadContext.GetLoadContext(typeof(IDiracXModule).Assembly)!.Name!,
            };

            public static Dictionary<string, string> Live() => new() { ["status"] = "live", ["by"] = "testext" };
        }

        public sealed class CliOnlyModule : IDiracXModule
        {
            public string Name => "testext-cli";

            public void Register(DiracXModuleContext context) => throw new System.InvalidOperationException("the routers must not load the CLI's module");
        }
        """;

    private static string RoutersFolder => Path.GetDirectoryName(ServiceProcess.Dll("DiracX.Routers"))!;

    private string CompileExtension()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_folder, "testext")).FullName;
        Assert.True(File.Exists(ExtensionCompiler.HumanizerDll), $"{ExtensionCompiler.HumanizerDll} is not in the NuGet cache");
        Assert.False(File.Exists(Path.Combine(RoutersFolder, "Humanizer.dll")), "the routers ship Humanizer: choose another private dependency");
        File.Copy(ExtensionCompiler.HumanizerDll, Path.Combine(folder, "Humanizer.dll"));
        ExtensionCompiler.Compile(folder, "TestExt", ExtensionSource, RoutersFolder, [MetadataReference.CreateFromFile(ExtensionCompiler.HumanizerDll)]);
        return folder;
    }

    /// <summary>An extension built against DiracX 9.9.9: compiled against a DiracX.Core of that version.</summary>
    private string CompileStaleExtension()
    {
        var folder = Directory.CreateDirectory(Path.Combine(_folder, "stale")).FullName;
        var core = ExtensionCompiler.CompileStandalone("DiracX.Core", """
            [assembly: System.Reflection.AssemblyVersion("9.9.9.0")]
            namespace DiracX.Core.Modules { public interface IDiracXModule { string Name { get; } } }
            """);
        var path = Path.Combine(folder, "StaleExt.dll");
        File.WriteAllBytes(path, ExtensionCompiler.CompileStandalone("StaleExt",
            "public sealed class StaleModule : DiracX.Core.Modules.IDiracXModule { public string Name => \"stale\"; }",
            [MetadataReference.CreateFromImage(core)]));
        return path;
    }

    [Fact]
    public async Task The_routers_load_the_extension_its_route_answers_its_override_wins_and_its_dependency_is_private()
    {
        var ct = TestContext.Current.CancellationToken;
        var extension = CompileExtension();
        using var keystore = TestKeystore.CreateEd25519();
        var (config, _) = await TestConfigRepository.CreateAsync(TestConfigs.Default, ct);
        using var _config = config;
        await using var database = await DiracXDatabaseTemplates.For(DiracXModules.BuiltIn).CreateDatabaseAsync(ct);
        var port = FreePort.Next();
        await using var routers = ServiceProcess.Start("DiracX.Routers", ["--urls", $"http://127.0.0.1:{port}"], new Dictionary<string, string>
        {
            ["DIRACX_SERVICE_AUTH_TOKEN_ISSUER"] = TestKeystore.DefaultIssuer,
            ["DIRACX_SERVICE_AUTH_TOKEN_KEYSTORE"] = keystore.JwksJson,
            ["DIRACX_SERVICE_AUTH_STATE_KEY"] = keystore.Settings.StateKey,
            ["DIRACX_CONFIG_BACKEND_URL"] = config.Url,
            ["ConnectionStrings__diracx"] = database.ConnectionString,
            [ExtensionLoader.Setting] = extension,
        });
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        await WaitUntilAsync(http, routers, "/api/health/ready", ct);

        var hello = JsonNode.Parse(await http.GetStringAsync(new Uri("/api/testext/hello", UriKind.Relative), ct))!;
        Assert.Equal("three", (string?)hello["words"]);
        Assert.Equal("DiracX extension testext", (string?)hello["humanizer_context"]); // from the extension's folder
        Assert.Equal("Default", (string?)hello["core_context"]); // DiracX.Core is the host's: one type identity

        var live = JsonNode.Parse(await http.GetStringAsync(new Uri("/api/health/live", UriKind.Relative), ct))!;
        Assert.Equal("testext", (string?)live["by"]);
    }

    [Fact]
    public async Task The_routers_without_the_setting_do_not_have_the_extension_route()
    {
        // The control of the test above: the route exists only because the extension was loaded.
        Assert.Equal(DiracXModules.BuiltIn, ExtensionLoader.WithExtension(DiracXHosts.Routers, DiracXModules.BuiltIn, setting: null));
        Assert.Equal(DiracXModules.BuiltIn, ExtensionLoader.WithExtension(DiracXHosts.Routers, DiracXModules.BuiltIn, setting: " "));
        await Task.CompletedTask;
    }

    // The tasks host's commands (call, submit, list) load the extension too: a refusal there is the same one line.
    [Theory]
    [InlineData("DiracX.Routers", "")]
    [InlineData("DiracX.MigrationService", "")]
    [InlineData("DiracX.Tasks", "")]
    [InlineData("DiracX.Tasks", "list")]
    [InlineData("DiracX.Tasks", "call jobs:CleanSandboxStoreTask")]
    [InlineData("DiracX.Tasks", "submit jobs:CleanSandboxStoreTask")]
    [InlineData("DiracX.Tasks", "diracx-task-run list")]
    public async Task An_extension_built_against_another_DiracX_version_is_refused_in_one_line(string host, string command)
    {
        var stale = CompileStaleExtension();
        var result = await ServiceProcess.RunAsync(host, command.Split(' ', StringSplitOptions.RemoveEmptyEntries), new Dictionary<string, string>
        {
            [ExtensionLoader.Setting] = stale,
            ["ConnectionStrings__diracx"] = "Host=127.0.0.1;Port=1;Database=diracx",
        }, s_timeout, TestContext.Current.CancellationToken);
        var host3 = ExtensionLoader.HostVersion.ToString(3);
        ServiceProcess.AssertOneLineFailure(result, $"{host}: cannot start", ExtensionLoader.Setting, "StaleExt",
            "built against DiracX 9.9.9", $"this is DiracX {host3}");
    }

    [Fact]
    public async Task More_than_one_extension_is_refused_in_one_line()
    {
        var result = await ServiceProcess.RunAsync("DiracX.MigrationService", [], new Dictionary<string, string>
        {
            [ExtensionLoader.Setting] = $"{_folder}/a.dll{Path.PathSeparator}{_folder}/b.dll",
            ["ConnectionStrings__diracx"] = "Host=127.0.0.1;Port=1;Database=diracx",
        }, s_timeout, TestContext.Current.CancellationToken);
        ServiceProcess.AssertOneLineFailure(result, "DiracX.MigrationService: cannot start", "more than one extension", "at most one");
    }

    [Fact]
    public async Task A_missing_extension_is_refused_in_one_line()
    {
        var missing = Path.Combine(_folder, "nowhere");
        var result = await ServiceProcess.RunAsync("DiracX.MigrationService", [], new Dictionary<string, string>
        {
            [ExtensionLoader.Setting] = missing,
            ["ConnectionStrings__diracx"] = "Host=127.0.0.1;Port=1;Database=diracx",
        }, s_timeout, TestContext.Current.CancellationToken);
        ServiceProcess.AssertOneLineFailure(result, ExtensionLoader.Setting, missing, "neither an assembly nor a folder");
    }

    private static async Task WaitUntilAsync(HttpClient http, ServiceProcess process, string path, CancellationToken ct)
    {
        for (var i = 0; i < 120; i++)
        {
            try
            {
                using var ready = await http.GetAsync(new Uri(path, UriKind.Relative), ct);
                if (ready.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // not listening yet
            }
            await Task.Delay(500, ct);
        }
        var (code, stdout, stderr) = await process.WaitAsync(TimeSpan.FromSeconds(1), ct);
        Assert.Fail($"{path} did not answer 200 within 60 s (exit {code}): {stdout}{stderr}");
    }

    public void Dispose() => Directory.Delete(_folder, recursive: true);
}
