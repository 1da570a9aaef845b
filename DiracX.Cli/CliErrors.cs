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
            (ExitCodes.NotAuthenticated, $"{NotAuthenticated}\nThe saved session could not be refreshed: {api.Detail ?? FirstLine(api.Message)}"),
        DiracXApiException { StatusCode: 401 } => (ExitCodes.NotAuthenticated, NotAuthenticated),
        DiracXApiException api => (ExitCodes.Failure, $"Error {api.StatusCode}: {DetailOf(api, context)}"),
        NotConfiguredException e => (ExitCodes.Unreachable, e.Message),
        HttpRequestException e => (ExitCodes.Unreachable,
            $"Could not reach the DiracX server at {context.Settings.Url}: {Innermost(e).Message.TrimEnd('.')}. Please configure a valid DiracX server."),
        TaskCanceledException { InnerException: TimeoutException } => (ExitCodes.Unreachable,
            $"The DiracX server at {context.Settings.Url} did not answer in time."),
        FormatException or ArgumentException or InvalidOperationException or IOException or UnauthorizedAccessException
            or Core.Configuration.ConfigException => (ExitCodes.Failure, error.Message),
        _ => (ExitCodes.Failure, $"Unexpected error: {error.Message}"),
    };

    /// <summary>
    /// The server's detail as one line: FastAPI's validation errors (a list of <c>{loc, msg}</c>) as
    /// <c>field (location): message</c>, joined with "; "; a route the server does not have with a hint about DIRACX_URL.
    /// </summary>
    private static string DetailOf(DiracXApiException api, CliContext? context)
    {
        var detail = api.Detail;
        if (detail is not null && detail.StartsWith('[') && ValidationErrors(detail) is { } readable)
        {
            return readable;
        }
        if (api.StatusCode == 404 && (detail is null or "Not Found"))
        {
            var url = context?.Settings.Url;
            return $"{detail ?? "Not Found"} (no such route on the server{(url is null ? "" : $" at {url}")}: is DIRACX_URL the address of a DiracX server?)";
        }
        return detail ?? FirstLine(api.Message);
    }

    private static string? ValidationErrors(string detail)
    {
        try
        {
            if (System.Text.Json.Nodes.JsonNode.Parse(detail) is not System.Text.Json.Nodes.JsonArray errors || errors.Count == 0)
            {
                return null;
            }
            var lines = new List<string>();
            foreach (var error in errors)
            {
                if (error?["msg"]?.GetValue<string>() is not { } message)
                {
                    return null;
                }
                var loc = error["loc"] is System.Text.Json.Nodes.JsonArray l ? l.Select(p => p?.ToString() ?? "").ToList() : [];
                lines.Add(loc.Count switch
                {
                    0 => message,
                    1 => $"{loc[0]}: {message}",
                    _ => $"{string.Join('.', loc.Skip(1))} ({loc[0]}): {message}",
                });
            }
            return string.Join("; ", lines);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

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
