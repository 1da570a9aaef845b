using System.Collections.Immutable;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace DiracX.Core.Configuration;

/// <summary>
/// Reads string sets with ordinal ordering, as DiracX sorts its <c>SerializableSet</c>s (Python sorts by code point);
/// the default comparer would sort by culture.
/// </summary>
public sealed class OrdinalSortedSetConverter : JsonConverter<ImmutableSortedSet<string>>
{
    /// <inheritdoc />
    public override ImmutableSortedSet<string> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var items = JsonSerializer.Deserialize<List<string>>(ref reader, options) ?? [];
        return ImmutableSortedSet.CreateRange(StringComparer.Ordinal, items);
    }

    /// <inheritdoc />
    public override void Write(Utf8JsonWriter writer, ImmutableSortedSet<string> value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var item in value)
        {
            writer.WriteStringValue(item);
        }
        writer.WriteEndArray();
    }
}
