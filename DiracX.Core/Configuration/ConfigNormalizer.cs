using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace DiracX.Core.Configuration;

/// <summary>
/// Checks a raw configuration tree against the section shapes and returns a normalised copy: lax scalars coerced
/// as pydantic does ("1000" → 1000, "True" → true), sets de-duplicated and sorted, extension defaults filled in.
/// Every problem is collected as <c>path: message</c> instead of stopping at the first.
/// </summary>
internal sealed partial class ConfigNormalizer(ConfigSchema schema, List<string> problems, bool legacyCompat, bool fillDefaults)
{
    public JsonObject? Section(JsonNode? node, Type sectionType, string path)
    {
        if (node is not JsonObject input)
        {
            Problem(path, "expected a mapping");
            return null;
        }
        var output = new JsonObject();
        var fields = ConfigShapes.FieldsOf(sectionType).Concat(schema.ExtensionFieldsOf(sectionType)).ToList();
        foreach (var field in fields)
        {
            var fieldPath = Join(path, field.Name);
            if (input.TryGetPropertyValue(field.Name, out var value))
            {
                output[field.Name] = Value(value, field, fieldPath);
            }
            else if (field.Required)
            {
                Problem(fieldPath, "field required");
            }
            else if (fillDefaults && field.Default is not null)
            {
                output[field.Name] = field.Default.DeepClone();
            }
            else if (fillDefaults && field.Nullable && schema.ExtensionFieldsOf(sectionType).Contains(field))
            {
                output[field.Name] = null;
            }
        }
        var keepUnknown = ConfigShapes.KeepsUnknownKeys(sectionType);
        foreach (var (key, value) in input)
        {
            if (fields.Any(f => f.Name == key))
            {
                continue;
            }
            if (keepUnknown)
            {
                output[key] = value?.DeepClone();
            }
            else
            {
                Problem(Join(path, key), "unknown key");
            }
        }
        return output;
    }

    public JsonObject? Map(JsonNode? node, Shape valueShape, string path)
    {
        if (node is not JsonObject input)
        {
            Problem(path, "expected a mapping");
            return null;
        }
        var output = new JsonObject();
        var field = new FieldShape("", valueShape, Required: false, Nullable: false, Email: false);
        foreach (var (key, value) in input)
        {
            output[key] = Value(value, field, Join(path, key));
        }
        return output;
    }

    private JsonNode? Value(JsonNode? node, FieldShape field, string path)
    {
        if (node is null || (legacyCompat && field.Nullable && AsString(node) == "None"))
        {
            if (!field.Nullable)
            {
                Problem(path, "must not be null");
            }
            return null;
        }
        var shape = field.Shape;
        return shape.Kind switch
        {
            ShapeKind.Section => Section(node, shape.SectionType!, path),
            ShapeKind.Map => Map(node, shape.Value!, path),
            ShapeKind.Any => node.DeepClone(),
            ShapeKind.JsonMapping => node is JsonObject ? node.DeepClone() : Problem(path, "expected a mapping"),
            ShapeKind.String => String(node, field, path),
            ShapeKind.Bool => Bool(node, path),
            ShapeKind.Int => Int(node, path),
            ShapeKind.Double => Double(node, path),
            ShapeKind.StringList or ShapeKind.StringSet => StringList(node, shape.Kind == ShapeKind.StringSet, path),
            _ => throw new InvalidOperationException($"Unhandled shape {shape.Kind}"),
        };
    }

    private JsonNode? String(JsonNode node, FieldShape field, string path)
    {
        if (AsString(node) is not { } text)
        {
            return Problem(path, "expected a string");
        }
        if (field.Email && !EmailPattern().IsMatch(text))
        {
            return Problem(path, $"'{text}' is not a valid email address");
        }
        return JsonValue.Create(text);
    }

    private JsonNode? Bool(JsonNode node, string path)
    {
        if (node.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
        {
            return JsonValue.Create(node.GetValue<bool>());
        }
        var text = AsString(node) ?? (node.GetValueKind() == JsonValueKind.Number ? node.ToJsonString() : null);
        return text?.Trim().ToLowerInvariant() switch
        {
            "true" or "yes" or "on" or "1" or "t" or "y" => JsonValue.Create(true),
            "false" or "no" or "off" or "0" or "f" or "n" => JsonValue.Create(false),
            _ => Problem(path, "expected a boolean"),
        };
    }

    private JsonNode? Int(JsonNode node, string path)
    {
        var text = node.GetValueKind() == JsonValueKind.Number ? node.ToJsonString() : AsString(node)?.Trim();
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            return JsonValue.Create(value);
        }
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d == Math.Floor(d)
            && Math.Abs(d) < long.MaxValue
            ? JsonValue.Create((long)d)
            : Problem(path, "expected an integer");
    }

    private JsonNode? Double(JsonNode node, string path)
    {
        var text = node.GetValueKind() == JsonValueKind.Number ? node.ToJsonString() : AsString(node)?.Trim();
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            ? JsonValue.Create(value)
            : Problem(path, "expected a number");
    }

    private JsonNode? StringList(JsonNode node, bool isSet, string path)
    {
        IEnumerable<string>? items = null;
        if (legacyCompat && AsString(node) is { } commaSeparated)
        {
            // DIRAC CFG lists are comma-separated strings ("a, b, c").
            items = commaSeparated.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        }
        else if (node is JsonArray array && array.All(i => i is not null && AsString(i) is not null))
        {
            items = array.Select(i => AsString(i!)!);
        }
        if (items is null)
        {
            return Problem(path, "expected a list of strings");
        }
        var values = isSet ? items.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal) : items;
        return new JsonArray([.. values.Select(v => (JsonNode)JsonValue.Create(v))]);
    }

    private static string? AsString(JsonNode node) =>
        node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : null;

    private JsonNode? Problem(string path, string message)
    {
        problems.Add($"{(path.Length == 0 ? "(root)" : path)}: {message}");
        return null;
    }

    internal static string Join(string path, string key) => path.Length == 0 ? key : $"{path}.{key}";

    [GeneratedRegex(@"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
    private static partial Regex EmailPattern();
}
