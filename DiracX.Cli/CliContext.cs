using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using DiracX.Api;
using DiracX.Api.Sandboxes;
using DiracX.Client;
using DiracX.Client.Settings;
using Spectre.Console;
using Spectre.Console.Json;

namespace DiracX.Cli;

/// <summary>One invocation of a command: the parsed options, the settings, the output and the client.</summary>
public sealed class CliContext : IDisposable
{
    // Relaxed escaping: JSON for terminals, files and tools, never embedded in HTML ('+', not '\u002B'; accents as they are).
    private static readonly JsonSerializerOptions s_indented = new()
    {
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
    private DiracXClient? _client;
    private DiracXApi? _api;

    internal CliContext(CliEnvironment environment, ParseResult parse)
    {
        Environment = environment;
        Parse = parse;
        Verbose = parse.GetValue<bool>(GlobalOptions.Verbose);
    }

    /// <summary>The environment of the run.</summary>
    public CliEnvironment Environment { get; }

    /// <summary>The parsed command line.</summary>
    public ParseResult Parse { get; }

    /// <summary>Print stacks with errors.</summary>
    public bool Verbose { get; }

    /// <summary>The console for tables and messages.</summary>
    public IAnsiConsole Console => Environment.Console;

    /// <summary>The client settings read from the environment.</summary>
    public DiracXClientSettings Settings => field ??= DiracXClientSettings.FromEnvironment(Environment.Variables);

    /// <summary>JSON output: <c>--output json</c>, else <c>DIRACX_OUTPUT_FORMAT=JSON</c>, else when standard output is piped.</summary>
    public bool Json => Parse.GetValue<string?>(GlobalOptions.Output)?.ToUpperInvariant() switch
    {
        "JSON" => true,
        "TABLE" or "RICH" => false,
        _ => Settings.OutputFormat switch
        {
            OutputFormat.Json => true,
            OutputFormat.Rich => false,
            _ => Environment.OutputRedirected,
        },
    };

    /// <summary>
    /// JSON output was asked for (<c>--output json</c> or <c>DIRACX_OUTPUT_FORMAT=JSON</c>), not merely implied by piped
    /// output: for DiracX's commands whose text output scripts already parse when piped (<c>jobs submit</c>).
    /// </summary>
    public bool JsonRequested => Parse.GetValue<string?>(GlobalOptions.Output)?.ToUpperInvariant() switch
    {
        "JSON" => true,
        "TABLE" or "RICH" => false,
        _ => Settings.OutputFormat == OutputFormat.Json,
    };

    /// <summary>The client for the configured server.</summary>
    /// <exception cref="NotConfiguredException">No DIRACX_URL.</exception>
    public DiracXClient Client => _client ??= Settings.Url is null
        ? throw new NotConfiguredException()
        : DiracXClient.Create(Settings, Environment.Handler);

    /// <summary>The high-level API over <see cref="Client"/>.</summary>
    public DiracXApi Api => _api ??= new DiracXApi(Client, Environment.Sandboxes?.Invoke(Client));

    /// <summary>Writes a JSON value: plain when JSON output is chosen, highlighted otherwise.</summary>
    public void WriteJson(JsonNode? node)
    {
        var text = node?.ToJsonString(s_indented) ?? "null";
        if (Json)
        {
            Environment.Out.WriteLine(text);
        }
        else
        {
            Console.Write(new JsonText(text));
            Console.WriteLine();
        }
    }

    /// <summary>Writes an object as JSON.</summary>
    public void WriteJson<T>(T value) => WriteJson(JsonSerializer.SerializeToNode(value));

    /// <summary>A line of text (no markup).</summary>
    public void WriteLine(string text) => Console.WriteLine(text);

    /// <summary>Writes rows as a table (RICH) or a JSON array.</summary>
    public void WriteRows(JsonArray rows, IReadOnlyList<string>? columns = null, string? caption = null, string empty = "No jobs found")
    {
        if (Json)
        {
            WriteJson(rows);
            return;
        }
        if (rows.Count == 0)
        {
            Console.WriteLine(empty);
            return;
        }
        columns ??= [.. rows.OfType<JsonObject>().SelectMany(r => r.Select(p => p.Key)).Distinct()];
        var table = new Table().RoundedBorder();
        foreach (var column in columns)
        {
            table.AddColumn(new TableColumn(Markup.Escape(column)));
        }
        foreach (var row in rows.OfType<JsonObject>())
        {
            table.AddRow(columns.Select(c => (Spectre.Console.Rendering.IRenderable)new Text(Cell(row[c]))).ToArray());
        }
        Console.Write(table);
        if (caption is not null)
        {
            // Under the table on a line of its own: as a table caption it is wrapped to the table's width.
            Console.WriteLine(caption);
        }
    }

    private static string Cell(JsonNode? value) => value switch
    {
        null => "",
        JsonValue v when v.TryGetValue<string>(out var s) => s,
        _ => value.ToJsonString(),
    };

    /// <inheritdoc />
    public void Dispose() => _client?.Dispose();
}

/// <summary>A command failed for a reason already worded for the user (exit code 1, the message as it is).</summary>
public sealed class CliFailureException(string message, Exception? innerException = null) : InvalidOperationException(message, innerException);

/// <summary>No DiracX server is configured.</summary>
public sealed class NotConfiguredException() : InvalidOperationException(
    "Please configure a valid DiracX server: set DIRACX_URL to its address (e.g. export DIRACX_URL=https://diracx.example.org).");

/// <summary>The options every command takes (recursive, defined on the root).</summary>
public static class GlobalOptions
{
    /// <summary>The name of the output option.</summary>
    public const string Output = "--output";

    /// <summary>The name of the verbose option.</summary>
    public const string Verbose = "--verbose";

    /// <summary><c>--output json|table</c> (DiracX's <c>--output-format JSON|RICH</c> is accepted too).</summary>
    public static Option<string?> CreateOutput()
    {
        var option = new Option<string?>(Output, "-o", "--output-format")
        {
            Description = "Output format: table (default on a terminal) or json (default when piped). Overrides DIRACX_OUTPUT_FORMAT.",
            Recursive = true,
        };
        option.AcceptOnlyFromAmong(StringComparer.OrdinalIgnoreCase, "json", "table", "rich");
        option.CompletionSources.Add("json", "table");
        return option;
    }

    /// <summary><c>--verbose</c>: print the stack with errors.</summary>
    public static Option<bool> CreateVerbose() => new(Verbose)
    {
        Description = "Print the full error (with its stack) when a command fails.",
        Recursive = true,
    };
}
