using System.CommandLine;
using System.Runtime.CompilerServices;

namespace DiracX.Cli.Commands;

/// <summary>
/// Builds commands whose actions get a <see cref="CliContext"/> and report errors as one line (DiracX's commands and an
/// extension's, registered through <see cref="CliCommandRegistry"/>).
/// </summary>
public static class CommandBuilder
{
    private static readonly ConditionalWeakTable<Command, string[]> s_examples = [];

    /// <summary>
    /// A command with a description, examples and an action. The examples are shown at the end of the command's own
    /// <c>--help</c>, not in its parent's list of commands.
    /// </summary>
    public static Command Create(CliEnvironment environment, string name, string description, string[] examples,
        Func<CliContext, CancellationToken, Task<int>>? action = null)
    {
        var command = new Command(name, description);
        SetExamples(command, examples);
        if (action is not null)
        {
            SetAction(command, environment, action);
        }
        return command;
    }

    /// <summary>Sets the examples that <c>--help</c> shows for <paramref name="command"/>.</summary>
    public static void SetExamples(Command command, IEnumerable<string> examples) => s_examples.AddOrUpdate(command, [.. examples]);

    /// <summary>The examples of <paramref name="command"/> (none unless set).</summary>
    public static IReadOnlyList<string> ExamplesOf(Command command) => s_examples.TryGetValue(command, out var examples) ? examples : [];

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
