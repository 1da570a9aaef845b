using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using DiracX.Core.Validation;

namespace DiracX.Routers.Hardening;

/// <summary>
/// The depth at which hostile values are refused: while the request's JSON is read. Every string (and dictionary key)
/// obeys <see cref="InputText"/>, every double is finite, and free-form values (<see cref="JsonElement"/>: metadata)
/// are walked for both. A refusal is a 422 whose <c>loc</c> is the JSON path of the value.
/// </summary>
public static class HostileInputJson
{
    /// <summary>Adds the converters to the HTTP JSON options.</summary>
    public static void Add(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Converters.Add(new CheckedStringConverter());
        options.Converters.Add(new FiniteDoubleConverter());
        options.Converters.Add(new CheckedJsonElementConverter());
    }

    /// <summary>Strings under <see cref="InputText"/>'s rules; written as System.Text.Json does.</summary>
    private sealed class CheckedStringConverter : JsonConverter<string>
    {
        public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            InputText.ReadString(ref reader);

        public override string ReadAsPropertyName(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            InputText.ReadString(ref reader);

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);

        public override void WriteAsPropertyName(Utf8JsonWriter writer, string value, JsonSerializerOptions options) =>
            writer.WritePropertyName(value);
    }

    /// <summary>Doubles that are finite: System.Text.Json reads <c>1e400</c> as infinity, which no column holds.</summary>
    private sealed class FiniteDoubleConverter : JsonConverter<double>
    {
        public override double Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType != JsonTokenType.Number || !reader.TryGetDouble(out var value)
                ? throw new JsonException("The JSON value could not be converted to System.Double.")
                : double.IsFinite(value) ? value : throw new InputRejectedException("Input should be a finite number");

        public override void Write(Utf8JsonWriter writer, double value, JsonSerializerOptions options) => writer.WriteNumberValue(value);
    }

    /// <summary>Free-form values: every string and property name under <see cref="InputText"/>, every number finite and, when integral, a 64-bit integer.</summary>
    private sealed class CheckedJsonElementConverter : JsonConverter<JsonElement>
    {
        public override JsonElement Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            var element = JsonElement.ParseValue(ref reader);
            Check(element);
            return element;
        }

        public override void Write(Utf8JsonWriter writer, JsonElement value, JsonSerializerOptions options) => value.WriteTo(writer);

        private static void Check(JsonElement element)
        {
            switch (element.ValueKind)
            {
                case JsonValueKind.String:
                    InputText.Check(Text(element));
                    break;
                case JsonValueKind.Number:
                    CheckNumber(element.GetRawText());
                    break;
                case JsonValueKind.Array:
                    foreach (var item in element.EnumerateArray())
                    {
                        Check(item);
                    }
                    break;
                case JsonValueKind.Object:
                    foreach (var property in element.EnumerateObject())
                    {
                        string name;
                        try
                        {
                            name = property.Name;
                        }
                        catch (InvalidOperationException)
                        {
                            throw new InputRejectedException("String should be valid Unicode (it contains a lone surrogate)");
                        }
                        InputText.Check(name);
                        Check(property.Value);
                    }
                    break;
            }
        }

        private static string Text(JsonElement element)
        {
            try
            {
                return element.GetString()!;
            }
            catch (InvalidOperationException)
            {
                throw new InputRejectedException("String should be valid Unicode (it contains a lone surrogate)");
            }
        }

        private static void CheckNumber(string raw)
        {
            var integral = raw.AsSpan().IndexOfAny('.', 'e', 'E') < 0;
            if (integral ? !long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out _)
                : !double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) || !double.IsFinite(d))
            {
                throw new InputRejectedException(integral ? "Input should be an integer of at most 64 bits" : "Input should be a finite number");
            }
        }
    }
}
