using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using DiracX.Core.Errors;

namespace DiracX.Routers.Infrastructure.Errors;

/// <summary>
/// DiracX's error bodies: <c>{"detail": ...}</c>, and FastAPI's 422 shape for request-validation failures: pydantic
/// v2's <c>type</c> and <c>msg</c> (pydantic-core's templates), FastAPI's <c>loc</c> (the source, <c>body</c>,
/// <c>query</c> or <c>path</c>, then field names, list indices and map keys) and the <c>input</c> that failed.
/// </summary>
public static partial class ErrorBodies
{
    [GeneratedRegex(@"^Failed to bind parameter ""(?<type>[^ ""]+) (?<name>[^""]+)"" from ""(?<value>.*)""\.$", RegexOptions.Singleline)]
    private static partial Regex FailedToBind();

    [GeneratedRegex(@"^Required parameter ""(?<type>[^ ""]+) (?<name>[^""]+)"" was not provided from (?<source>[\w ]+)")]
    private static partial Regex RequiredMissing();

    [GeneratedRegex(@"^Unexpected request without body, failed to bind parameter ""(?<type>[^ ""]+) (?<name>[^""]+)"" from the request body as form")]
    private static partial Regex EmptyForm();

    [GeneratedRegex(@"^The (?:property or field|constructor parameter) '[^']+' on type '(?<type>[^']+)' doesn't allow (?:setting |getting )?null values", RegexOptions.Singleline)]
    private static partial Regex NullNotAllowed();

    [GeneratedRegex(@"could not be converted to (?<type>.+?)\.(?: Path:|$)", RegexOptions.Singleline)]
    private static partial Regex ConvertedTo();

    [GeneratedRegex(@"^The JSON property '(?<name>.*)' could not be mapped to any \.NET member", RegexOptions.Singleline)]
    private static partial Regex Unmapped();

    [GeneratedRegex(@"missing required properties including: (?<names>.*)\.", RegexOptions.Singleline)]
    private static partial Regex MissingProperties();

    [GeneratedRegex(@"^System\.Nullable`1\[(?<inner>[^,\]]+)")]
    private static partial Regex NullableOf();

    [GeneratedRegex(@"'((?:[^']|'')*)'")]
    private static partial Regex Quoted();

    /// <summary>The body of an error response.</summary>
    public static Dictionary<string, object?> Detail(object? detail) => new() { ["detail"] = detail };

    /// <summary>pydantic's list of expected values: <c>'a', 'b' or 'c'</c>.</summary>
    public static string Expected(IEnumerable<string> values)
    {
        var quoted = values.Select(v => $"'{v}'").ToList();
        return quoted.Count <= 1 ? string.Concat(quoted) : $"{string.Join(", ", quoted[..^1])} or {quoted[^1]}";
    }

    /// <summary>
    /// Turns a failure to read or bind the request into FastAPI's problems. <paramref name="body"/> is the request's
    /// body when it could be read again (for <c>input</c> and <c>json_invalid</c>'s position); <paramref name="pathParameters"/>
    /// (the route's) tell path parameters from query parameters; <paramref name="wireNames"/> map the handler's C# parameter names
    /// to the names the client sends.
    /// </summary>
    public static IReadOnlyList<ValidationProblem> FromBindingFailure(Exception exception, string? body = null,
        IReadOnlySet<string>? pathParameters = null, IReadOnlyDictionary<string, string>? wireNames = null)
    {
        string Wire(string name) => wireNames?.GetValueOrDefault(name) ?? name;
        ArgumentNullException.ThrowIfNull(exception);
        if (FindJsonException(exception) is { } json)
        {
            return FromJsonException(json, body);
        }
        var message = exception.Message;
        if (FailedToBind().Match(message) is { Success: true } bind)
        {
            var name = Wire(bind.Groups["name"].Value);
            var source = pathParameters?.Contains(name) == true ? "path" : "query";
            var (type, msg) = ParsingError(bind.Groups["type"].Value);
            return [new ValidationProblem([source, name], msg, type, bind.Groups["value"].Value)];
        }
        if (RequiredMissing().Match(message) is { Success: true } missing)
        {
            var source = missing.Groups["source"].Value.Trim() switch
            {
                "query" or "query string" => "query",
                "header" => "header",
                "route" or "path" => "path",
                _ => "body",
            };
            return source == "body" && missing.Groups["source"].Value.StartsWith("body", StringComparison.Ordinal)
                ? [new ValidationProblem(["body"], "Field required", "missing")]
                : [new ValidationProblem([source, Wire(missing.Groups["name"].Value)], "Field required", "missing")];
        }
        if (EmptyForm().Match(message) is { Success: true } emptyForm)
        {
            // A form request without a body: its first required field is missing.
            return [new ValidationProblem(["body", Wire(emptyForm.Groups["name"].Value)], "Field required", "missing")];
        }
        if (message.Contains("body was not provided", StringComparison.OrdinalIgnoreCase) ||
            message.Contains("no body was provided", StringComparison.OrdinalIgnoreCase))
        {
            return [new ValidationProblem(["body"], "Field required", "missing")];
        }
        if (message.Contains("Content-Type", StringComparison.OrdinalIgnoreCase) || message.Contains("media type", StringComparison.OrdinalIgnoreCase))
        {
            return [new ValidationProblem(["body"], "Input should be a valid dictionary or object to extract fields from", "model_attributes_type")];
        }
        return [new ValidationProblem(["body"], "Value error, invalid request", "value_error")];
    }

    private static IReadOnlyList<ValidationProblem> FromJsonException(JsonException json, string? body)
    {
        var location = JsonPathToLocation(json.Path).ToList();
        if (json is Jobs.ListItemJsonException item)
        {
            location.Add(item.Index);
        }
        if (json is Core.Validation.InputValueException refused)
        {
            return [new ValidationProblem(["body", .. location], $"Value error, {refused.Problem}", "value_error", Navigate(ParseOrNull(body), location))];
        }
        if (json is Core.Validation.InputRejectedException rejected)
        {
            // A value the request reader refused (NUL, lone surrogate, oversized text, non-finite number): it is not
            // quoted back, since it is what could not be stored or written.
            return [new ValidationProblem(["body", .. location], rejected.Problem, "string_invalid")];
        }
        if (json.InnerException?.GetType().Name == "JsonReaderException" || json.Path is null && json.BytePositionInLine is not null
            && !ConvertedTo().IsMatch(json.Message) && !MissingProperties().IsMatch(json.Message) && !Unmapped().IsMatch(json.Message))
        {
            return [JsonInvalid(json, body)];
        }
        var root = ParseOrNull(body);
        if (MissingProperties().Match(json.Message) is { Success: true } missing)
        {
            var container = Navigate(root, location);
            return [.. Quoted().Matches(missing.Groups["names"].Value).Select(m => new ValidationProblem(
                ["body", .. location, m.Groups[1].Value.Replace("''", "'", StringComparison.Ordinal)], "Field required", "missing", container))];
        }
        if (Unmapped().Match(json.Message) is { Success: true } unmapped)
        {
            var name = unmapped.Groups["name"].Value;
            if (location.Count == 0 || !Equals(location[^1], name))
            {
                location.Add(name);
            }
            return [new ValidationProblem(["body", .. location], "Extra inputs are not permitted", "extra_forbidden", Navigate(root, location))];
        }
        if (ConvertedTo().Match(json.Message) is { Success: true } converted)
        {
            var input = Navigate(root, location);
            var (type, msg, context) = TypeError(MemberTypeName(converted.Groups["type"].Value, location), input);
            return [new ValidationProblem(["body", .. location], msg, type, input, context)];
        }
        if (NullNotAllowed().Match(json.Message) is { Success: true } notNull)
        {
            // A null for a required value: pydantic's error for the value's type, with the null as input.
            var (type, msg, context) = TypeError(MemberTypeName(notNull.Groups["type"].Value, location), null);
            return [new ValidationProblem(["body", .. location], msg, type, null, context)];
        }
        return [new ValidationProblem(["body", .. location], "Value error, invalid value", "value_error", Navigate(root, location))];
    }

    // FastAPI: {"type": "json_invalid", "loc": ["body", <position>], "msg": "JSON decode error", "input": {}, "ctx": {"error": ...}}.
    private static ValidationProblem JsonInvalid(JsonException json, string? body)
    {
        var line = (int)(json.LineNumber ?? 0);
        var column = (int)(json.BytePositionInLine ?? 0);
        var position = column;
        if (body is not null)
        {
            // The reader counts lines and UTF-8 bytes; Python's position counts characters from the start.
            var lines = body.Split('\n');
            position = lines.Take(Math.Min(line, lines.Length)).Sum(l => l.Length + 1);
            if (line < lines.Length)
            {
                var bytes = Encoding.UTF8.GetBytes(lines[line]);
                position += Encoding.UTF8.GetCharCount(bytes, 0, Math.Min(column, bytes.Length));
            }
        }
        var error = json.Message.Contains("invalid start of a value", StringComparison.Ordinal)
            || json.Message.Contains("does not contain any JSON tokens", StringComparison.Ordinal)
            || json.Message.Contains("Expected a value", StringComparison.Ordinal)
            || json.Message.Contains("array contains a trailing comma", StringComparison.Ordinal) ? "Expecting value"
            : json.Message.Contains("end of the JSON payload", StringComparison.Ordinal)
            || json.Message.Contains("after a single JSON value", StringComparison.Ordinal) ? "Extra data"
            : json.Message.Contains("property name", StringComparison.Ordinal) ? "Expecting property name enclosed in double quotes"
            : json.Message.Contains("Expected either ','", StringComparison.Ordinal) || json.Message.Contains("',' or", StringComparison.Ordinal)
                ? "Expecting ',' delimiter"
            : "Invalid JSON";
        return new ValidationProblem(["body", position], "JSON decode error", "json_invalid", new Dictionary<string, object>(),
            new Dictionary<string, object> { ["error"] = error });
    }

    // ASP.NET names an optional parameter's type Nullable<int> (or int?): the inner type decides.
    private static (string Type, string Message) ParsingError(string dotnetType) =>
        (dotnetType.StartsWith("Nullable<", StringComparison.Ordinal) && dotnetType.EndsWith('>') ? dotnetType["Nullable<".Length..^1] : dotnetType)
        .TrimEnd('?').ToLowerInvariant() switch
    {
        "int" or "int32" or "long" or "int64" or "short" or "int16" or "uint" or "ulong" or "byte" =>
            ("int_parsing", "Input should be a valid integer, unable to parse string as an integer"),
        "bool" or "boolean" => ("bool_parsing", "Input should be a valid boolean, unable to interpret input"),
        "double" or "float" or "single" or "decimal" => ("float_parsing", "Input should be a valid number, unable to parse string as a number"),
        "datetime" or "datetimeoffset" => ("datetime_from_date_parsing", "Input should be a valid datetime or date, invalid character in year"),
        _ => ("string_type", "Input should be a valid string"),
    };

    // pydantic-core's error for a value of the wrong kind, from the .NET type System.Text.Json could not produce.
    private static (string Type, string Message, IReadOnlyDictionary<string, object>? Context) TypeError(string dotnetType, JsonNode? input)
    {
        var nullable = NullableOf().Match(dotnetType);
        if (nullable.Success)
        {
            dotnetType = nullable.Groups["inner"].Value;
        }
        var kind = input?.GetValueKind();
        switch (dotnetType)
        {
            case "System.Int16" or "System.Int32" or "System.Int64" or "System.UInt16" or "System.UInt32" or "System.UInt64" or "System.Byte" or "System.SByte":
                return kind == JsonValueKind.String ? ("int_parsing", "Input should be a valid integer, unable to parse string as an integer", null)
                    : kind == JsonValueKind.Number ? ("int_from_float", "Input should be a valid integer, got a number with a fractional part", null)
                    : ("int_type", "Input should be a valid integer", null);
            case "System.Double" or "System.Single" or "System.Decimal":
                return kind == JsonValueKind.String ? ("float_parsing", "Input should be a valid number, unable to parse string as a number", null)
                    : ("float_type", "Input should be a valid number", null);
            case "System.Boolean":
                return kind == JsonValueKind.String ? ("bool_parsing", "Input should be a valid boolean, unable to interpret input", null)
                    : ("bool_type", "Input should be a valid boolean", null);
            case "System.String" or "System.Char":
                return ("string_type", "Input should be a valid string", null);
            case "System.DateTime" or "System.DateTimeOffset":
                return kind == JsonValueKind.String
                    ? ("datetime_from_date_parsing", "Input should be a valid datetime or date, invalid character in year", new Dictionary<string, object> { ["error"] = "invalid character in year" })
                    : ("datetime_type", "Input should be a valid datetime", null);
        }
        if (FindType(dotnetType) is { IsEnum: true } enumType)
        {
            var expected = Expected(EnumNames(enumType));
            return ("enum", $"Input should be {expected}", new Dictionary<string, object> { ["expected"] = expected });
        }
        if (dotnetType.Contains("Dictionary`", StringComparison.Ordinal))
        {
            return ("dict_type", "Input should be a valid dictionary", null);
        }
        if (dotnetType.Contains("List`", StringComparison.Ordinal) || dotnetType.Contains("Enumerable`", StringComparison.Ordinal)
            || dotnetType.Contains("Collection`", StringComparison.Ordinal) || dotnetType.EndsWith("[]", StringComparison.Ordinal))
        {
            return ("list_type", "Input should be a valid list", null);
        }
        return ("model_attributes_type", "Input should be a valid dictionary or object to extract fields from", null);
    }

    // A record read through its constructor is named by System.Text.Json instead of the parameter that failed
    // ("could not be converted to SandboxInfo. Path: $.size"): the type of the member the location ends on, if any.
    private static string MemberTypeName(string typeName, List<object> location)
    {
        if (location.Count == 0 || location[^1] is not string member || !typeName.StartsWith("DiracX.", StringComparison.Ordinal)
            || FindType(typeName) is not { IsEnum: false } declaring)
        {
            return typeName;
        }
        var property = declaring.GetProperties(BindingFlags.Public | BindingFlags.Instance).FirstOrDefault(p =>
            (p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? p.Name) == member);
        return property is null ? typeName
            : (Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType).FullName ?? typeName;
    }

    private static Type? FindType(string name) =>
        AppDomain.CurrentDomain.GetAssemblies().Select(a => a.GetType(name, throwOnError: false)).FirstOrDefault(t => t is not null);

    private static IEnumerable<string> EnumNames(Type enumType) => enumType.GetFields(BindingFlags.Public | BindingFlags.Static)
        .Select(f => f.GetCustomAttribute<JsonStringEnumMemberNameAttribute>()?.Name ?? f.Name);

    private static JsonNode? ParseOrNull(string? body)
    {
        if (string.IsNullOrEmpty(body))
        {
            return null;
        }
        try
        {
            return JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    // The value at a location of the body, or null.
    private static JsonNode? Navigate(JsonNode? node, IReadOnlyList<object> location)
    {
        foreach (var step in location)
        {
            node = (node, step) switch
            {
                (JsonObject o, string name) => o[name],
                (JsonArray a, int index) when index >= 0 && index < a.Count => a[index],
                _ => null,
            };
            if (node is null)
            {
                return null;
            }
        }
        return Quotable(node) ? node?.DeepClone() : null;
    }

    // A value is quoted back as `input` only when it holds nothing the request reader refuses (a NUL, a lone surrogate,
    // oversized text): such a value could not be written, and echoing it serves nobody.
    private static bool Quotable(JsonNode? node)
    {
        try
        {
            return node switch
            {
                null => true,
                JsonObject o => o.All(p => Core.Validation.InputText.Problem(p.Key) is null && Quotable(p.Value)),
                JsonArray a => a.All(Quotable),
                JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.String =>
                    Core.Validation.InputText.Problem(v.GetValue<string>()) is null,
                _ => true,
            };
        }
        catch (InvalidOperationException)
        {
            return false; // a string the reader cannot decode (a lone surrogate)
        }
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

    /// <summary><c>$.search[0].value</c> becomes <c>["search", 0, "value"]</c>; <c>$['a.b']</c> becomes <c>["a.b"]</c>.</summary>
    public static IEnumerable<object> JsonPathToLocation(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return [];
        }
        var result = new List<object>();
        var i = path[0] == '$' ? 1 : 0;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                var end = path.IndexOfAny(['.', '['], i + 1);
                end = end < 0 ? path.Length : end;
                result.Add(path[(i + 1)..end]);
                i = end;
            }
            else if (path[i] == '[' && i + 1 < path.Length && path[i + 1] == '\'')
            {
                var end = path.IndexOf("']", i + 2, StringComparison.Ordinal);
                end = end < 0 ? path.Length : end;
                result.Add(path[(i + 2)..end]);
                i = end + 2;
            }
            else if (path[i] == '[')
            {
                var end = path.IndexOf(']', i);
                end = end < 0 ? path.Length : end;
                result.Add(int.TryParse(path.AsSpan(i + 1, end - i - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
                    ? index : path[(i + 1)..end]);
                i = end + 1;
            }
            else
            {
                i++;
            }
        }
        return result;
    }
}
