using System.CommandLine;
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
            + ExitCodes.Description + "\nExamples:\n  dirac login lhcb\n  dirac jobs submit job.jdl\n  dirac jobs search -c \"Status eq Running\"");
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
        return CreateRootCommand(environment, modules).Parse(args)
            .InvokeAsync(new InvocationConfiguration { Output = environment.Out, Error = environment.Error }, cancellationToken);
    }
}
