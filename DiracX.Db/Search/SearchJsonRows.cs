using System.Buffers;
using System.Text.Json;
using DiracX.Core.Serialization;
using Npgsql;

namespace DiracX.Db.Search;

/// <summary>How a search hands back its rows.</summary>
public enum SearchRowFormat
{
    /// <summary>As values keyed by column name (<see cref="SearchPage.Rows"/>), for callers that read or change them.</summary>
    Values,

    /// <summary>
    /// Written once as the JSON array the routers send (<see cref="SearchPage.Json"/>), for callers that only pass the
    /// page on. A request for pseudo-parameters still gets values, since its caller adds to the rows.
    /// </summary>
    Json,
}

/// <summary>A page's rows as one UTF-8 JSON array, exactly as the routers send it.</summary>
/// <param name="Utf8">The array.</param>
/// <param name="Count">How many rows it holds.</param>
public sealed record SearchJsonRows(ReadOnlyMemory<byte> Utf8, int Count);

/// <summary>
/// Writes result rows straight from the data reader to JSON. A page of 100 jobs is about 3,000 values; boxing each
/// into a dictionary and serialising the dictionaries cost more than PostgreSQL took to produce them. Values are read
/// with their column's own type and written as the serializer would (timestamps in pydantic's form).
/// </summary>
internal static class SearchJsonRowWriter
{
    /// <summary>How a column's values are read and written.</summary>
    internal enum ValueKind { Text, Int16, Int32, Int64, Single, Double, Decimal, Boolean, Timestamp }

    /// <summary>
    /// The kind of each selected column, from the result's field types; null when a column has a type this writer does
    /// not know (the caller then reads values).
    /// </summary>
    public static ValueKind[]? Kinds(NpgsqlDataReader reader, IReadOnlyList<SearchColumn> columns)
    {
        var kinds = new ValueKind[columns.Count];
        for (var i = 0; i < columns.Count; i++)
        {
            ValueKind? kind = columns[i].Type == SearchColumnType.DateTime ? ValueKind.Timestamp : Type.GetTypeCode(reader.GetFieldType(i)) switch
            {
                TypeCode.String => ValueKind.Text,
                TypeCode.Int16 => ValueKind.Int16,
                TypeCode.Int32 => ValueKind.Int32,
                TypeCode.Int64 => ValueKind.Int64,
                TypeCode.Single => ValueKind.Single,
                TypeCode.Double => ValueKind.Double,
                TypeCode.Decimal => ValueKind.Decimal,
                TypeCode.Boolean => ValueKind.Boolean,
                _ => null,
            };
            if (kind is null)
            {
                return null;
            }
            kinds[i] = kind.Value;
        }
        return kinds;
    }

    /// <summary>Reads the remaining rows of the current result into a JSON array.</summary>
    public static async Task<SearchJsonRows> ReadAsync(NpgsqlDataReader reader, IReadOnlyList<SearchColumn> columns,
        ValueKind[] kinds, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(16 * 1024);
        await using var json = new Utf8JsonWriter(buffer);
        json.WriteStartArray();
        var count = 0;
        while (await reader.ReadAsync(cancellationToken))
        {
            json.WriteStartObject();
            for (var i = 0; i < columns.Count; i++)
            {
                json.WritePropertyName(columns[i].JsonName);
                WriteValue(json, reader, i, kinds[i]);
            }
            json.WriteEndObject();
            count++;
        }
        json.WriteEndArray();
        await json.FlushAsync(cancellationToken);
        return new SearchJsonRows(buffer.WrittenMemory, count);
    }

    private static void WriteValue(Utf8JsonWriter json, NpgsqlDataReader reader, int i, ValueKind kind)
    {
        if (reader.IsDBNull(i))
        {
            json.WriteNullValue();
            return;
        }
        switch (kind)
        {
            case ValueKind.Text:
                json.WriteStringValue(reader.GetString(i));
                break;
            case ValueKind.Int16:
                json.WriteNumberValue(reader.GetInt16(i));
                break;
            case ValueKind.Int32:
                json.WriteNumberValue(reader.GetInt32(i));
                break;
            case ValueKind.Int64:
                json.WriteNumberValue(reader.GetInt64(i));
                break;
            case ValueKind.Single:
                json.WriteNumberValue(reader.GetFloat(i));
                break;
            case ValueKind.Double:
                json.WriteNumberValue(reader.GetDouble(i));
                break;
            case ValueKind.Decimal:
                json.WriteNumberValue(reader.GetDecimal(i));
                break;
            case ValueKind.Boolean:
                json.WriteBooleanValue(reader.GetBoolean(i));
                break;
            default:
                UtcTimestampConverter.WriteValue(json, SearchRows.Utc(reader.GetDateTime(i)));
                break;
        }
    }
}
