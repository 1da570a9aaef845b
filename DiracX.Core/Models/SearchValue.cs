using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DiracX.Core.Models;

/// <summary>
/// A filter value: a string or an integer as the JSON gave it (DiracX's <c>str | int</c>), or a timestamp given by
/// server code (DiracX also accepts <c>datetime</c> from Python callers; the wire never carries one).
/// </summary>
[JsonConverter(typeof(SearchValueJsonConverter))]
public readonly record struct SearchValue
{
    private SearchValue(string? text, long? number, DateTimeOffset? timestamp)
    {
        Text = text;
        Number = number;
        Timestamp = timestamp;
    }

    /// <summary>The string, when the value is a string.</summary>
    public string? Text { get; }

    /// <summary>The integer, when the value is an integer.</summary>
    public long? Number { get; }

    /// <summary>The instant, when server code gave one.</summary>
    public DateTimeOffset? Timestamp { get; }

    /// <summary>A string value.</summary>
    public static SearchValue Of(string text) => new(text, null, null);

    /// <summary>An integer value.</summary>
    public static SearchValue Of(long number) => new(null, number, null);

    /// <summary>An instant (converted to UTC).</summary>
    public static SearchValue Of(DateTimeOffset timestamp) => new(null, null, timestamp.ToUniversalTime());

    /// <summary>A string value.</summary>
    public static implicit operator SearchValue(string text) => Of(text);

    /// <summary>An integer value.</summary>
    public static implicit operator SearchValue(long number) => Of(number);

    /// <summary>The value as text: the string, the integer in invariant digits, or the instant in ISO 8601.</summary>
    public override string ToString() =>
        Text ?? Number?.ToString(CultureInfo.InvariantCulture) ?? Timestamp?.ToString("O", CultureInfo.InvariantCulture) ?? "";
}

/// <summary>Reads a JSON string or integer (anything else fails, which the HTTP layer reports as 422).</summary>
internal sealed class SearchValueJsonConverter : JsonConverter<SearchValue>
{
    public override SearchValue Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => ReadValue(ref reader);

    /// <summary>Reads the value in place (a nested serializer call would lose the JSON path of a refusal).</summary>
    public static SearchValue ReadValue(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.String:
                return SearchValue.Of(Validation.InputText.ReadString(ref reader));
            case JsonTokenType.Number when reader.TryGetInt64(out var number):
                return SearchValue.Of(number);
            default:
                throw new Validation.InputValueException("Input should be a valid string or a 64-bit integer");
        }
    }

    public override void Write(Utf8JsonWriter writer, SearchValue value, JsonSerializerOptions options)
    {
        if (value.Number is { } number)
        {
            writer.WriteNumberValue(number);
        }
        else
        {
            writer.WriteStringValue(value.ToString());
        }
    }
}
