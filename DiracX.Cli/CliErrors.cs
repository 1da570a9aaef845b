using System.Net.Http;
using DiracX.Api.Sandboxes;
using DiracX.Client.Generated;
using DiracX.Client.Operations;

namespace DiracX.Cli;

/// <summary>Turns failures into one readable line and an exit code (the stack only with <c>--verbose</c>).</summary>
public static class CliErrors
{
    /// <summary>DiracX's message for a request without valid credentials.</summary>
    public const string NotAuthenticated = "You are not authenticated. Log in with: dirac login [OPTIONS] [VO]";

    /// <summary>Writes the error line for <paramref name="error"/> and returns the exit code.</summary>
    public static int Report(Exception error, CliContext context)
    {
        var (code, message) = Describe(error, context);
        context.Environment.Error.WriteLine(message);
        if (context.Verbose)
        {
            context.Environment.Error.WriteLine(error.ToString());
        }
        return code;
    }

    /// <summary>The exit code and the line for an error.</summary>
    public static (int Code, string Message) Describe(Exception error, CliContext context) => error switch
    {
        DiracXApiException api when api.Message.StartsWith(TokenClient.RefreshFailed, StringComparison.Ordinal) =>
            (ExitCodes.NotAuthenticated, $"{NotAuthenticated}\nThe saved session could not be refreshed: {DiracXErrors.Detail(api.Response) ?? FirstLine(api.Message)}"),
        DiracXApiException { StatusCode: 401 } => (ExitCodes.NotAuthenticated, NotAuthenticated),
        DiracXApiException api => (ExitCodes.Failure, $"Error {api.StatusCode}: {DiracXErrors.Detail(api.Response) ?? FirstLine(api.Message)}"),
        NotConfiguredException e => (ExitCodes.Unreachable, e.Message),
        HttpRequestException e => (ExitCodes.Unreachable,
            $"Could not reach the DiracX server at {context.Settings.Url}: {Innermost(e).Message.TrimEnd('.')}. Please configure a valid DiracX server."),
        TaskCanceledException { InnerException: TimeoutException } => (ExitCodes.Unreachable,
            $"The DiracX server at {context.Settings.Url} did not answer in time."),
        FormatException or ArgumentException or InvalidOperationException or IOException or UnauthorizedAccessException
            or Core.Configuration.ConfigException => (ExitCodes.Failure, error.Message),
        _ => (ExitCodes.Failure, $"Unexpected error: {error.Message}"),
    };

    private static string FirstLine(string text) => text.Split('\n')[0];

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }
        return e;
    }
}
