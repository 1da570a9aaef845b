using System.CommandLine;

namespace DiracX.Cli;

/// <summary>Builds the <c>dirac</c> command tree.</summary>
public static class DiracCli
{
    /// <summary>Creates the root command with every built-in sub-command.</summary>
    public static RootCommand CreateRootCommand()
    {
        var root = new RootCommand("DiracX: submit, search and manage grid jobs.");
        var version = new Command("version", "Print the version of this client.");
        version.SetAction(result => result.InvocationConfiguration.Output.WriteLine(Api.DiracXApi.Version));
        root.Subcommands.Add(version);
        return root;
    }

    /// <summary>Parses and runs the command line.</summary>
    public static Task<int> RunAsync(string[] args, CancellationToken cancellationToken = default) =>
        CreateRootCommand().Parse(args).InvokeAsync(cancellationToken: cancellationToken);
}
