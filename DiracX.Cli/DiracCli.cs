using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using DiracX.Cli.Commands;
using DiracX.Core.Modules;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DiracX.Cli;

/// <summary>Builds and runs the <c>dirac</c> command tree.</summary>
public static class DiracCli
{
    /// <summary>
    /// Creates the root command with every built-in command, then the commands that <paramref name="modules"/> add
    /// through <see cref="CliCommandRegistry"/> (a command with an existing name under the same parent replaces it).
    /// </summary>
    public static RootCommand CreateRootCommand(CliEnvironment? environment = null, IEnumerable<IDiracXModule>? modules = null)
    {
        environment ??= CliEnvironment.FromProcess();
        var root = new RootCommand("DiracX: submit, search and manage grid jobs.\n\n"
            + "Settings: DIRACX_URL (the server), DIRACX_CA_PATH, DIRACX_OUTPUT_FORMAT (RICH or JSON), DIRACX_CREDENTIALS_PATH, DIRACX_DOTENV.\n\n"
            + ExitCodes.Description.TrimEnd());
        CommandBuilder.SetExamples(root, ["dirac login lhcb", "dirac jobs submit job.jdl", "dirac jobs search -c \"Status eq Running\"",
            "dirac jobs kill --help"]);
        root.Options.Add(GlobalOptions.CreateOutput());
        root.Options.Add(GlobalOptions.CreateVerbose());
        var version = new Command("version", "Print the version of this client.");
        version.SetAction(result => result.InvocationConfiguration.Output.WriteLine(Api.DiracXApi.Version));
        root.Subcommands.Add(version);
        foreach (var command in AuthCommands.Create(environment))
        {
            root.Subcommands.Add(command);
        }
        root.Subcommands.Add(JobsCommands.Create(environment));
        root.Subcommands.Add(ConfigCommands.Create(environment));
        root.Subcommands.Add(InternalCommands.Create(environment));
        root.Subcommands.Add(CompletionCommand.Create(environment));
        if (modules is not null)
        {
            AddModuleCommands(root, environment, modules);
        }
        foreach (var help in root.Options.OfType<HelpOption>())
        {
            help.Action = new CliHelpAction();
        }
        return root;
    }

    private static void AddModuleCommands(RootCommand root, CliEnvironment environment, IEnumerable<IDiracXModule> modules)
    {
        var registries = new DiracXRegistries();
        registries.RegisterAll(modules, new ServiceCollection(), new ConfigurationBuilder().Build());
        foreach (var (parentPath, factory) in registries.Get<CliCommandRegistry>().Commands)
        {
            Command parent = root;
            foreach (var name in parentPath.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                var next = parent.Subcommands.FirstOrDefault(c => c.Name == name);
                if (next is null)
                {
                    next = new Command(name);
                    parent.Subcommands.Add(next);
                }
                parent = next;
            }
            var command = factory(environment);
            if (parent.Subcommands.FirstOrDefault(c => c.Name == command.Name) is { } existing)
            {
                parent.Subcommands.Remove(existing);
            }
            parent.Subcommands.Add(command);
        }
    }

    /// <summary>Parses and runs the command line in <paramref name="environment"/> (default: this process).</summary>
    public static Task<int> RunAsync(string[] args, CliEnvironment? environment = null, IEnumerable<IDiracXModule>? modules = null,
        CancellationToken cancellationToken = default)
    {
        environment ??= CliEnvironment.FromProcess();
        var parse = CreateRootCommand(environment, modules).Parse(args);
        var configuration = new InvocationConfiguration { Output = environment.Out, Error = environment.Error };
        if (parse.Action is ParseErrorAction && parse.UnmatchedTokens.Count == 0 && parse.Errors.Count == 1
            && parse.CommandResult.Command is { Action: null, Subcommands.Count: > 0 })
        {
            // 'dirac' or 'dirac jobs' alone: the list of commands is what the user is after.
            return HelpThenFailAsync(CreateRootCommand(environment, modules).Parse([.. args, "--help"]), configuration, cancellationToken);
        }
        if (parse.Action is ParseErrorAction parseError)
        {
            // The errors and a pointer to the help, not the whole help: it scrolls the error away and lands in piped output.
            parseError.ShowHelp = false;
            return ReportParseErrorsAsync(parse, environment, cancellationToken);
        }
        return parse.InvokeAsync(configuration, cancellationToken);
    }

    private static async Task<int> HelpThenFailAsync(ParseResult help, InvocationConfiguration configuration, CancellationToken cancellationToken)
    {
        await help.InvokeAsync(configuration, cancellationToken);
        return ExitCodes.Failure;
    }

    private static async Task<int> ReportParseErrorsAsync(ParseResult parse, CliEnvironment environment, CancellationToken cancellationToken)
    {
        var code = await parse.InvokeAsync(new InvocationConfiguration { Output = environment.Out, Error = environment.Error }, cancellationToken);
        await environment.Error.WriteLineAsync($"See '{CommandPath(parse.CommandResult)} --help'.");
        return code;
    }

    /// <summary>The command as typed: <c>dirac jobs summary</c>.</summary>
    private static string CommandPath(CommandResult result)
    {
        var names = new List<string>();
        for (SymbolResult? r = result; r is not null; r = r.Parent)
        {
            if (r is CommandResult c)
            {
                names.Add(c.Command is RootCommand ? "dirac" : c.Command.Name);
            }
        }
        names.Reverse();
        return string.Join(' ', names);
    }

    /// <summary>
    /// The help of System.CommandLine with each command's examples at the end (<see cref="CommandBuilder.ExamplesOf"/>),
    /// also for a hidden command (left out of its parent's list, but its own help is still printed).
    /// </summary>
    private sealed class CliHelpAction : SynchronousCommandLineAction
    {
        public override bool ClearsParseErrors => true;

        public override int Invoke(ParseResult parseResult)
        {
            var command = parseResult.CommandResult.Command;
            var hidden = command.Hidden;
            command.Hidden = false;
            try
            {
                var code = new HelpAction().Invoke(parseResult);
                var examples = CommandBuilder.ExamplesOf(command);
                if (examples.Count > 0)
                {
                    var output = parseResult.InvocationConfiguration.Output;
                    output.WriteLine("Examples:");
                    foreach (var example in examples)
                    {
                        output.WriteLine("  " + example);
                    }
                    output.WriteLine();
                }
                return code;
            }
            finally
            {
                command.Hidden = hidden;
            }
        }
    }
}
