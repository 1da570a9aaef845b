using DiracX.Api.Sandboxes;
using DiracX.Client;
using Spectre.Console;

namespace DiracX.Cli;

/// <summary>
/// What a <c>dirac</c> run talks to: environment variables, the console, and (for tests and embedding) the network
/// handler and the sandbox implementation. <see cref="FromProcess"/> is the real process.
/// </summary>
public sealed class CliEnvironment
{
    /// <summary>The environment variables (DIRACX_URL, DIRACX_CREDENTIALS_PATH, ...).</summary>
    public required IReadOnlyDictionary<string, string?> Variables { get; init; }

    /// <summary>Where tables, messages and the spinner go.</summary>
    public required IAnsiConsole Console { get; init; }

    /// <summary>Where JSON goes (plain, no markup).</summary>
    public required TextWriter Out { get; init; }

    /// <summary>Where the one-line errors go.</summary>
    public required TextWriter Error { get; init; }

    /// <summary>Standard output is not a terminal: JSON is the default format.</summary>
    public bool OutputRedirected { get; init; }

    /// <summary>Replaces the network handler (an in-memory server in tests); null for the real network.</summary>
    public HttpMessageHandler? Handler { get; init; }

    /// <summary>Creates the sandbox operations for a client; null for the server's sandbox store.</summary>
    public Func<DiracXClient, ISandboxClient>? Sandboxes { get; init; }

    /// <summary>How often <c>dirac login</c> polls the token endpoint (DiracX: 2 s).</summary>
    public TimeSpan LoginPollInterval { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The working directory for relative paths.</summary>
    public string WorkingDirectory { get; init; } = Directory.GetCurrentDirectory();

    /// <summary>
    /// The console of tables and messages over <paramref name="output"/>. When it is not a terminal (a pipe, a file),
    /// nothing is wrapped: Spectre.Console would otherwise wrap every line at 80 columns, splitting e.g. the list of ids
    /// of <c>jobs submit</c> that scripts parse, and squeezing tables.
    /// </summary>
    public static IAnsiConsole CreateConsole(TextWriter output, bool redirected)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(output) });
        if (redirected)
        {
            console.Profile.Width = UnwrappedWidth;
        }
        return console;
    }

    /// <summary>The width of a console that is not a terminal: wider than any line dirac writes.</summary>
    private const int UnwrappedWidth = 1 << 20;

    /// <summary>The environment of this process: its variables and its console.</summary>
    public static CliEnvironment FromProcess() => new()
    {
        Variables = Client.Settings.DiracXClientSettings.ProcessEnvironment(),
        Console = CreateConsole(System.Console.Out, System.Console.IsOutputRedirected),
        Out = System.Console.Out,
        Error = System.Console.Error,
        OutputRedirected = System.Console.IsOutputRedirected,
    };
}
