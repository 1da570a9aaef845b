namespace DiracX.AppHost;

/// <summary>
/// A failed start of the AppHost (an unusable setting, a missing program, a port in use) is one line on standard error
/// and exit code 1, not an unhandled-exception abort with a stack trace. The exceptions' messages name the setting and
/// the fix.
/// </summary>
public static class StartupFailure
{
    /// <summary>
    /// True when the AppHost runs as its own process (<c>dotnet run</c>); under Aspire.Hosting.Testing the exception
    /// goes to the test instead.
    /// </summary>
    public static bool ReportsItself => System.Reflection.Assembly.GetEntryAssembly()?.GetName().Name == "DiracX.AppHost";

    /// <summary>Writes the one line and returns the exit code (1).</summary>
    public static int Report(Exception exception)
    {
        var e = exception;
        while (e is AggregateException { InnerExceptions.Count: 1 } && e.InnerException is not null)
        {
            e = e.InnerException;
        }
        var message = string.Join("; ", e.Message.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        Console.Error.WriteLine($"DiracX.AppHost: cannot start: {message}");
        return 1;
    }
}
