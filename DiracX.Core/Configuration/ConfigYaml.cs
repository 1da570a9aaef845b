using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace DiracX.Core.Configuration;

/// <summary>
/// Converts between YAML and JSON trees. Plain scalars are typed as PyYAML's <c>safe_load</c> types them (YAML 1.1:
/// <c>yes</c>/<c>on</c> are booleans, <c>~</c> is null), because DiracX's files are written and read by PyYAML.
/// </summary>
public static partial class ConfigYaml
{
    /// <summary>Parses YAML into a JSON tree (null for an empty document).</summary>
    /// <exception cref="ConfigValidationException">The YAML is malformed.</exception>
    public static JsonNode? Parse(string yaml)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException e)
        {
            throw new ConfigValidationException([$"(yaml) line {e.Start.Line}, column {e.Start.Column}: {e.Message}"]);
        }
        return stream.Documents.Count == 0 ? null : ToJson(stream.Documents[0].RootNode);
    }

    /// <summary>Writes a JSON tree as YAML with sorted keys, as DiracX writes <c>default.yml</c> (<c>yaml.safe_dump</c>).</summary>
    public static string Serialize(JsonNode? node)
    {
        var stream = new YamlStream(new YamlDocument(ToYaml(node)));
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        stream.Save(writer, assignAnchors: false);
        var text = writer.ToString();
        // The emitter closes the document with "...", which PyYAML does not write.
        return text.EndsWith("...\n", StringComparison.Ordinal) ? text[..^4] : text;
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode mapping => new JsonObject(mapping.Children.Select(c =>
            KeyValuePair.Create(((YamlScalarNode)c.Key).Value ?? "", ToJson(c.Value)))),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(ToJson)]),
        YamlScalarNode scalar when scalar.Style is ScalarStyle.Plain => Resolve(scalar.Value ?? ""),
        YamlScalarNode scalar => JsonValue.Create(scalar.Value ?? ""),
        _ => throw new ConfigValidationException([$"(yaml) line {node.Start.Line}: unsupported YAML node"]),
    };

    /// <summary>The YAML 1.1 type of a plain scalar (PyYAML's resolver, without octal, sexagesimal and timestamps).</summary>
    private static JsonValue? Resolve(string text)
    {
        if (text is "" or "~" or "null" or "Null" or "NULL")
        {
            return null;
        }
        if (Booleans.TryGetValue(text, out var boolean))
        {
            return JsonValue.Create(boolean);
        }
        if (IntPattern().IsMatch(text) && long.TryParse(text.Replace("_", ""), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }
        if (FloatPattern().IsMatch(text) && double.TryParse(text.Replace("_", ""), NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return JsonValue.Create(number);
        }
        return JsonValue.Create(text);
    }

    private static readonly Dictionary<string, bool> Booleans = new(StringComparer.Ordinal)
    {
        ["yes"] = true, ["Yes"] = true, ["YES"] = true, ["true"] = true, ["True"] = true, ["TRUE"] = true,
        ["on"] = true, ["On"] = true, ["ON"] = true,
        ["no"] = false, ["No"] = false, ["NO"] = false, ["false"] = false, ["False"] = false, ["FALSE"] = false,
        ["off"] = false, ["Off"] = false, ["OFF"] = false,
    };

    private static YamlNode ToYaml(JsonNode? node)
    {
        switch (node)
        {
            case null:
                return new YamlScalarNode("null") { Style = ScalarStyle.Plain };
            case JsonObject obj:
                var mapping = new YamlMappingNode { Style = obj.Count == 0 ? MappingStyle.Flow : MappingStyle.Block };
                foreach (var (key, value) in obj.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    mapping.Add(StringScalar(key), ToYaml(value));
                }
                return mapping;
            case JsonArray array:
                var sequence = new YamlSequenceNode { Style = array.Count == 0 ? SequenceStyle.Flow : SequenceStyle.Block };
                foreach (var item in array)
                {
                    sequence.Add(ToYaml(item));
                }
                return sequence;
            default:
                return node.GetValueKind() switch
                {
                    JsonValueKind.String => StringScalar(node.GetValue<string>()),
                    JsonValueKind.True => new YamlScalarNode("true") { Style = ScalarStyle.Plain },
                    JsonValueKind.False => new YamlScalarNode("false") { Style = ScalarStyle.Plain },
                    _ => new YamlScalarNode(node.ToJsonString()) { Style = ScalarStyle.Plain },
                };
        }
    }

    /// <summary>A string that reads back as a string: quoted when the plain form would resolve to another type.</summary>
    private static YamlScalarNode StringScalar(string text) => new(text)
    {
        Style = Resolve(text) is JsonValue v && v.GetValueKind() == JsonValueKind.String ? ScalarStyle.Any : ScalarStyle.SingleQuoted,
    };

    [GeneratedRegex(@"^[-+]?(0|[1-9][0-9_]*)$|^0x[0-9a-fA-F_]+$")]
    private static partial Regex IntPattern();

    [GeneratedRegex(@"^[-+]?([0-9][0-9_]*)?\.[0-9_]+([eE][-+][0-9]+)?$|^[-+]?[0-9][0-9_]*\.([eE][-+][0-9]+)?$")]
    private static partial Regex FloatPattern();
}
