using System.Text.Json;
using System.Text.Json.Serialization;

namespace DiracX.Core.Serialization;

/// <summary>
/// The one wire format of a timestamp, as pydantic v2 writes DiracX's <c>UTCDatetime</c> (an aware datetime in UTC,
/// <c>diracx-core/src/diracx/core/models/types.py</c>, serialised by pydantic's default datetime serializer):
/// UTC with a <c>Z</c>; no fraction when the microseconds are zero (<c>2024-01-01T00:00:00Z</c>); otherwise all six
/// digits, trailing zeros kept (<c>.123456Z</c>, <c>.120000Z</c>, <c>.000001Z</c>). Sub-microsecond ticks are dropped.
/// </summary>
/// <remarks>
/// pydantic-core writes a datetime in JSON mode with speedate's <c>Display</c>
/// (<c>pydantic-core/src/serializers/type_serializers/datetime_etc.rs</c>); speedate's <c>Time</c> display
/// (<c>speedate/src/time.rs</c>) prints <c>HH:MM:SS</c> when the microsecond is zero and <c>HH:MM:SS.ffffff</c> with
/// six digits otherwise (since speedate 0.12, "output six decimal digits for timestamp microseconds"), then <c>Z</c>
/// for a zero UTC offset. Reading accepts any ISO 8601 instant with an offset and returns it in UTC.
/// </remarks>
public sealed class UtcTimestampConverter : JsonConverter<DateTimeOffset>
{
    /// <inheritdoc />
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset().ToUniversalTime();

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) => WriteValue(writer, value);

    /// <summary>
    /// Writes the DiracX text of a timestamp without building a string (search pages write thousands of them).
    /// </summary>
    public static void WriteValue(Utf8JsonWriter writer, DateTimeOffset value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Span<byte> text = stackalloc byte[27];
        writer.WriteStringValue(text[..FormatUtf8(value, text)]);
    }

    /// <summary>Writes the DiracX text of a timestamp as UTF-8 into <paramref name="destination"/> (27 bytes at most).</summary>
    /// <returns>The number of bytes written.</returns>
    public static int FormatUtf8(DateTimeOffset value, Span<byte> destination)
    {
        var utc = value.UtcDateTime;
        var micros = (int)(utc.Ticks % TimeSpan.TicksPerSecond / 10);
        Digits(destination[..4], utc.Year);
        destination[4] = (byte)'-';
        Digits(destination.Slice(5, 2), utc.Month);
        destination[7] = (byte)'-';
        Digits(destination.Slice(8, 2), utc.Day);
        destination[10] = (byte)'T';
        Digits(destination.Slice(11, 2), utc.Hour);
        destination[13] = (byte)':';
        Digits(destination.Slice(14, 2), utc.Minute);
        destination[16] = (byte)':';
        Digits(destination.Slice(17, 2), utc.Second);
        var length = 19;
        if (micros != 0)
        {
            destination[19] = (byte)'.';
            Digits(destination.Slice(20, 6), micros);
            length = 26;
        }
        destination[length] = (byte)'Z';
        return length + 1;
    }

    private static void Digits(Span<byte> destination, int value)
    {
        for (var i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = (byte)('0' + value % 10);
            value /= 10;
        }
    }

    /// <summary>The DiracX text of a timestamp.</summary>
    public static string Format(DateTimeOffset value)
    {
        Span<byte> text = stackalloc byte[27];
        return System.Text.Encoding.ASCII.GetString(text[..FormatUtf8(value, text)]);
    }
}
