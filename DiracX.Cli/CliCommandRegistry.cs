using System.CommandLine;

namespace DiracX.Cli;

/// <summary>
/// The CLI commands that modules add (DiracX's <c>diracx.cli</c> entry points): a module calls
/// <c>context.Registry&lt;CliCommandRegistry&gt;().Add("jobs", env =&gt; new Command("my-cmd", ...))</c> in its
/// <c>Register</c>. A command whose name already exists under the same parent replaces it, so an extension can
/// override a built-in command.
/// </summary>
public sealed class CliCommandRegistry
{
    private readonly List<(string Parent, Func<CliEnvironment, Command> Factory)> _commands = [];

    /// <summary>The registered commands, in registration order.</summary>
    public IReadOnlyList<(string Parent, Func<CliEnvironment, Command> Factory)> Commands => _commands;

    /// <summary>Adds a command under <paramref name="parent"/> (space-separated path such as <c>"jobs"</c>; empty for the root).</summary>
    public CliCommandRegistry Add(string parent, Func<CliEnvironment, Command> factory)
    {
        _commands.Add((parent, factory));
        return this;
    }

    /// <summary>Adds a top-level command.</summary>
    public CliCommandRegistry Add(Func<CliEnvironment, Command> factory) => Add("", factory);
}
