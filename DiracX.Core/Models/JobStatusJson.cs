using System.Text.Json;
using System.Text.Json.Serialization;

namespace DiracX.Core.Models;

/// <summary>
/// Writes instants as pydantic v2 does for DiracX's <c>UTCDatetime</c>: ISO 8601 in UTC with a <c>Z</c> and the
/// fraction without trailing zeros (<c>2024-01-01T00:00:00.1234Z</c>). Reads any ISO 8601 instant with an offset.
/// </summary>
public sealed class JobStatusUtcJsonConverter : JsonConverter<DateTimeOffset>
{
    /// <inheritdoc />
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        reader.GetDateTimeOffset().ToUniversalTime();

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(writer);
        // A UTC DateTime is written with "Z" and a trimmed fraction by System.Text.Json itself.
        writer.WriteStringValue(value.UtcDateTime);
    }
}
