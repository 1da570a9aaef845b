using System.Globalization;
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
    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStringValue(Format(value));
    }

    /// <summary>The DiracX text of a timestamp.</summary>
    public static string Format(DateTimeOffset value)
    {
        var utc = value.UtcDateTime;
        var micros = utc.Ticks % TimeSpan.TicksPerSecond / 10;
        return micros == 0
            ? utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture)
            : utc.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
    }
}
