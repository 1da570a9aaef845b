using System.CommandLine;

namespace DiracX.Cli.Commands;

/// <summary>
/// Builds commands whose actions get a <see cref="CliContext"/> and report errors as one line (DiracX's commands and an
/// extension's, registered through <see cref="CliCommandRegistry"/>).
/// </summary>
public static class CommandBuilder
{
    /// <summary>A command with a description, examples (shown by <c>--help</c>) and an action.</summary>
    public static Command Create(CliEnvironment environment, string name, string description, string[] examples,
        Func<CliContext, CancellationToken, Task<int>>? action = null)
    {
        var text = description;
        if (examples.Length > 0)
        {
            text += "\n\nExamples:\n" + string.Join("\n", examples.Select(e => "  " + e));
        }
        var command = new Command(name, text);
        if (action is not null)
        {
            SetAction(command, environment, action);
        }
        return command;
    }

    /// <summary>Runs <paramref name="action"/> in a fresh context; failures become an error line and an exit code.</summary>
    public static void SetAction(Command command, CliEnvironment environment, Func<CliContext, CancellationToken, Task<int>> action) =>
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var context = new CliContext(environment, parse);
            try
            {
                return await action(context, cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return 130;
            }
            catch (Exception e)
            {
                return CliErrors.Report(e, context);
            }
        });
}
