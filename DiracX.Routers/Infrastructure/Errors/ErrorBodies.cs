using System.Text.Json;
using System.Text.RegularExpressions;
using DiracX.Core.Errors;

namespace DiracX.Routers.Infrastructure.Errors;

/// <summary>DiracX's error bodies: <c>{"detail": ...}</c>, and FastAPI's 422 shape for request-validation failures.</summary>
public static partial class ErrorBodies
{
    [GeneratedRegex(@"^Failed to bind parameter ""(?<type>[^ ""]+) (?<name>[^""]+)"" from ""(?<value>.*)""\.$", RegexOptions.Singleline)]
    private static partial Regex FailedToBind();

    [GeneratedRegex(@"^Required parameter ""(?<type>[^ ""]+) (?<name>[^""]+)"" was not provided from (?<source>\w+)")]
    private static partial Regex RequiredMissing();

    [GeneratedRegex(@"[^.\[\]]+|\[(\d+)\]")]
    private static partial Regex PathSegments();

    /// <summary>The body of an error response.</summary>
    public static Dictionary<string, object?> Detail(object? detail) => new() { ["detail"] = detail };

    /// <summary>Turns a failure to read or bind the request into FastAPI-style problems.</summary>
    public static IReadOnlyList<ValidationProblem> FromBindingFailure(Exception exception)
    {
        if (FindJsonException(exception) is { } json)
        {
            return [new ValidationProblem(["body", .. JsonPathToLocation(json.Path)], JsonMessage(json), "json_invalid")];
        }
        var message = exception.Message;
        if (FailedToBind().Match(message) is { Success: true } bind)
        {
            return [new ValidationProblem(["query", bind.Groups["name"].Value],
                $"Input should be a valid {FriendlyType(bind.Groups["type"].Value)}", "parsing")];
        }
        if (RequiredMissing().Match(message) is { Success: true } missing)
        {
            var source = missing.Groups["source"].Value switch
            {
                "query" or "query string" => "query",
                "header" => "header",
                "form" => "body",
                _ => "body",
            };
            return [new ValidationProblem([source, missing.Groups["name"].Value], "Field required", "missing")];
        }
        if (message.Contains("body was not provided", StringComparison.OrdinalIgnoreCase) ||
            message.Contains("Implicit body inferred", StringComparison.OrdinalIgnoreCase))
        {
            return [new ValidationProblem(["body"], "Field required", "missing")];
        }
        if (message.Contains("Content-Type", StringComparison.OrdinalIgnoreCase))
        {
            return [new ValidationProblem(["body"], "Unsupported content type", "model_attributes_type")];
        }
        return [new ValidationProblem(["body"], "Invalid request", "value_error")];
    }

    private static JsonException? FindJsonException(Exception? e)
    {
        for (; e is not null; e = e.InnerException)
        {
            if (e is JsonException json)
            {
                return json;
            }
        }
        return null;
    }

    // Only the kind of failure leaves the server: System.Text.Json messages can quote .NET type names.
    private static string JsonMessage(JsonException json) =>
        json.Message.Contains("could not be converted", StringComparison.Ordinal) ? "Input has the wrong type"
        : json.Message.Contains("missing required properties", StringComparison.Ordinal) ? "Field required"
        : "JSON decode error";

    /// <summary><c>$.search[0].value</c> becomes <c>["search", 0, "value"]</c>.</summary>
    public static IEnumerable<object> JsonPathToLocation(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            yield break;
        }
        foreach (Match m in PathSegments().Matches(path.TrimStart('$')))
        {
            if (m.Groups[1].Success)
            {
                yield return int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            }
            else
            {
                yield return m.Value.Trim('\'');
            }
        }
    }

    private static string FriendlyType(string type) => type.ToLowerInvariant() switch
    {
        "int" or "int32" or "long" or "int64" => "integer, unable to parse string as an integer",
        "bool" or "boolean" => "boolean, unable to interpret input",
        "double" or "float" or "decimal" => "number, unable to parse string as a number",
        _ => type,
    };
}
