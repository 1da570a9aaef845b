using System.Reflection;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Turns a failed start-up of a DiracX process (routers, migration service, tasks) into one line on standard error and
/// exit code 1, instead of an unhandled-exception abort with a stack trace. The messages of the exceptions name the
/// setting at fault and the fix; this only puts them on one line.
/// </summary>
public static class StartupFailure
{
    /// <summary>The exit code of a process that could not start.</summary>
    public const int ExitCode = 1;

    /// <summary>
    /// The logging category of the generic host, which logs a failed start (<c>Hosting failed to start</c>) with the
    /// exception's stack trace; the process reports the failure itself, in one line.
    /// </summary>
    public const string HostCategory = "Microsoft.Extensions.Hosting.Internal.Host";

    /// <summary>
    /// Runs <paramref name="main"/>; any exception becomes one line, <c>&lt;service&gt;: cannot start: ...</c>, on
    /// <paramref name="error"/> (standard error by default) and exit code 1.
    /// </summary>
    public static async Task<int> RunAsync(string service, Func<Task<int>> main, TextWriter? error = null)
    {
        try
        {
            return await main();
        }
        catch (Exception e)
        {
            await (error ?? Console.Error).WriteLineAsync($"{service}: cannot start: {Describe(e)}");
            return ExitCode;
        }
    }

    /// <summary>One line saying what is wrong: the innermost meaningful message, newlines joined with "; ".</summary>
    public static string Describe(Exception exception)
    {
        var e = exception;
        while (e is AggregateException { InnerExceptions.Count: 1 } or TargetInvocationException && e.InnerException is not null)
        {
            e = e.InnerException!;
        }
        var message = e switch
        {
            OptionsValidationException options => $"invalid settings ({options.OptionsType.Name}): {string.Join("; ", options.Failures)}",
            AggregateException aggregate => string.Join("; ", aggregate.InnerExceptions.Select(Describe)),
            _ => e.Message,
        };
        return string.Join("; ", message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }
}
