using System.CommandLine;
using DiracX.Core.Modules;

namespace DiracX.Cli.Tests;

/// <summary>Extensions add and replace commands through the module registry.</summary>
public sealed class ModuleCommandTests
{
    private sealed class GubbinsCliModule : IDiracXModule
    {
        public string Name => "gubbins";

        public void Register(DiracXModuleContext context) => context.Registry<CliCommandRegistry>()
            .Add("jobs", environment =>
            {
                var command = new Command("hello", "Says hello.");
                command.SetAction(parse => environment.Out.WriteLine("hello from gubbins"));
                return command;
            })
            .Add(environment =>
            {
                var command = new Command("whoami", "Replaced by the extension.");
                command.SetAction(parse => environment.Out.WriteLine("gubbins whoami"));
                return command;
            });
    }

    [Theory]
    [InlineData("jobs hello", "hello from gubbins")]
    [InlineData("whoami", "gubbins whoami")]
    public async Task A_module_adds_and_replaces_commands(string commandLine, string expected)
    {
        var result = await RunAsync(commandLine.Split(' '), [new GubbinsCliModule()]);
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(expected, result.Out.Trim());
    }

    private static async Task<CliResult> RunAsync(string[] args, IEnumerable<IDiracXModule> modules)
    {
        var console = new Spectre.Console.Testing.TestConsole();
        using var output = new StringWriter();
        using var error = new StringWriter();
        var environment = new CliEnvironment { Variables = new Dictionary<string, string?>(), Console = console, Out = output, Error = error };
        var code = await DiracCli.RunAsync(args, environment, modules, TestContext.Current.CancellationToken);
        return new CliResult(code, console.Output, output.ToString(), error.ToString());
    }
}
