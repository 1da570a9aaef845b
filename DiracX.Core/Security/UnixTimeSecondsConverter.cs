using System.Text.Json;
using System.Text.Json.Serialization;

namespace DiracX.Core.Security;

/// <summary>
/// JSON NumericDate (RFC 7519): writes whole seconds since the epoch, as joserfc does; reads integer or fractional
/// seconds, rejecting anything else.
/// </summary>
public sealed class UnixTimeSecondsConverter : JsonConverter<DateTimeOffset>
{
    // Beyond this, seconds no longer fit a DateTimeOffset.
    private const double MaxSeconds = 253402300799;

    /// <inheritdoc />
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.Number)
        {
            throw new JsonException("A NumericDate must be a number");
        }
        if (reader.TryGetInt64(out var whole))
        {
            return whole is >= 0 and <= (long)MaxSeconds
                ? DateTimeOffset.FromUnixTimeSeconds(whole)
                : throw new JsonException("NumericDate out of range");
        }
        var seconds = reader.GetDouble();
        return double.IsFinite(seconds) && seconds is >= 0 and <= MaxSeconds
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Floor(seconds * 1000))
            : throw new JsonException("NumericDate out of range");
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(value.ToUnixTimeSeconds());
}
