using System.Text.Json;
using System.Text.Json.Serialization;

namespace DiracX.Core.Models;

/// <summary>
/// Reads a <see cref="SearchSpec"/> as pydantic validates DiracX's union: the operator decides whether
/// <c>value</c> or <c>values</c> is required; <c>values</c> are all strings or all integers; unknown keys are ignored.
/// </summary>
internal sealed class SearchSpecJsonConverter : JsonConverter<SearchSpec>
{
    public override SearchSpec Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new Validation.InputValueException("Input should be an object with 'parameter', 'operator' and 'value' or 'values'");
        }
        string? parameter = null;
        SearchOperator? op = null;
        SearchValue? value = null;
        List<SearchValue>? values = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString();
            reader.Read();
            switch (name)
            {
                case "parameter":
                    parameter = reader.TokenType == JsonTokenType.String
                        ? Validation.InputText.ReadString(ref reader)
                        : throw new Validation.InputValueException("'parameter' should be a valid string");
                    break;
                case "operator":
                    op = (reader.TokenType == JsonTokenType.String ? SearchOperators.Parse(reader.GetString()!) : null)
                        ?? throw new Validation.InputValueException(
                            "'operator' should be 'eq', 'neq', 'gt', 'lt', 'like', 'not like', 'regex', 'in' or 'not in'");
                    break;
                case "value":
                    value = reader.TokenType == JsonTokenType.Null
                        ? throw new Validation.InputValueException("'value' should be a string or an integer")
                        : SearchValueJsonConverter.ReadValue(ref reader);
                    break;
                case "values":
                    values = ReadValues(ref reader, options);
                    break;
                default:
                    // The serializer hands a converter its whole value, but the reader may not be on the body's final
                    // block (a streamed body): Skip() refuses that, TrySkip() does not.
                    if (!reader.TrySkip())
                    {
                        throw new JsonException("Incomplete JSON value");
                    }
                    break;
            }
        }
        if (parameter is null || op is null)
        {
            throw new Validation.InputValueException($"Field required: '{(parameter is null ? "parameter" : "operator")}'");
        }
        return op.Value.IsVector()
            ? SearchSpec.Vector(parameter, op.Value, values ?? throw new Validation.InputValueException("Field required: 'values'"))
            : SearchSpec.Scalar(parameter, op.Value, value ?? throw new Validation.InputValueException("Field required: 'value'"));
    }

    private static List<SearchValue> ReadValues(ref Utf8JsonReader reader, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new Validation.InputValueException("'values' should be a valid list");
        }
        var values = new List<SearchValue>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            values.Add(reader.TokenType == JsonTokenType.Null
                ? throw new Validation.InputValueException("'values' should be all strings or all integers, without null")
                : SearchValueJsonConverter.ReadValue(ref reader));
        }
        // DiracX declares list[str] | list[int]: a list mixing both is refused.
        if (values.Any(v => v.Text is not null) && values.Any(v => v.Number is not null))
        {
            throw new Validation.InputValueException("'values' should be all strings or all integers");
        }
        return values;
    }

    public override void Write(Utf8JsonWriter writer, SearchSpec value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("parameter", value.Parameter);
        writer.WriteString("operator", value.Operator.WireName());
        if (value.Values is { } values)
        {
            writer.WritePropertyName("values");
            JsonSerializer.Serialize(writer, values, options);
        }
        else
        {
            writer.WritePropertyName("value");
            JsonSerializer.Serialize(writer, value.Value!.Value, options);
        }
        writer.WriteEndObject();
    }
}
