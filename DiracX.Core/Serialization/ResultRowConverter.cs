using System.Text.Json;
using System.Text.Json.Serialization;

namespace DiracX.Core.Serialization;

/// <summary>
/// Writes result rows (search pages, summaries: a column name to a database value) straight to the JSON writer. A
/// page of 100 jobs holds about 2,000 values; System.Text.Json's route for <c>object</c> values looks up the converter
/// of each value's runtime type, which cost more than reading the rows from PostgreSQL. The values a row can hold are
/// few and known (null, text, integers, floating point, booleans, UTC timestamps), so they are written directly; any
/// other value falls back to the serializer. Reading builds the same shape from JSON (used by tests and clients).
/// </summary>
public sealed class ResultRowConverter : JsonConverter<OrderedDictionary<string, object?>>
{
    /// <inheritdoc />
    public override OrderedDictionary<string, object?> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var values = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(ref reader, options)
            ?? throw new JsonException("A result row cannot be null.");
        var row = new OrderedDictionary<string, object?>(values.Count, StringComparer.Ordinal);
        foreach (var (name, value) in values)
        {
            row[name] = value.ValueKind == JsonValueKind.Null ? null : value;
        }
        return row;
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, OrderedDictionary<string, object?> value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(value);
        writer.WriteStartObject();
        foreach (var (name, item) in value)
        {
            writer.WritePropertyName(name);
            switch (item)
            {
                case null:
                    writer.WriteNullValue();
                    break;
                case string text:
                    writer.WriteStringValue(text);
                    break;
                case long number:
                    writer.WriteNumberValue(number);
                    break;
                case int number:
                    writer.WriteNumberValue(number);
                    break;
                case short number:
                    writer.WriteNumberValue(number);
                    break;
                case double number:
                    writer.WriteNumberValue(number);
                    break;
                case bool flag:
                    writer.WriteBooleanValue(flag);
                    break;
                case DateTimeOffset time:
                    UtcTimestampConverter.WriteValue(writer, time);
                    break;
                default:
                    JsonSerializer.Serialize(writer, item, item.GetType(), options);
                    break;
            }
        }
        writer.WriteEndObject();
    }
}
