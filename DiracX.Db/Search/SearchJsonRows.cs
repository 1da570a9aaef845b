using System.Buffers;
using System.IO.Pipelines;
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

/// <summary>
/// A page's rows as one UTF-8 JSON array, exactly as the routers send it, in pooled segments: dispose it once written.
/// </summary>
public sealed class SearchJsonRows : IDisposable
{
    private readonly PipeReader _segments;
    private bool _disposed;

    internal SearchJsonRows(PipeReader segments, ReadOnlySequence<byte> utf8, int count)
    {
        _segments = segments;
        Utf8 = utf8;
        Count = count;
    }

    /// <summary>The array, in one or more segments; not to be read after <see cref="Dispose"/>.</summary>
    public ReadOnlySequence<byte> Utf8 { get; }

    /// <summary>How many rows it holds.</summary>
    public int Count { get; }

    /// <summary>Returns the segments to their pool.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        _segments.AdvanceTo(Utf8.End);
        _segments.Complete();
    }
}

/// <summary>
/// Writes result rows straight from the data reader to JSON. A page of 100 jobs is about 3,000 values; boxing each
/// into a dictionary and serialising the dictionaries cost more than PostgreSQL took to produce them. Values are read
/// with their column's own type and written as the serializer would (timestamps in pydantic's form).
/// </summary>
internal static class SearchJsonRowWriter
{
    // A page of 100 jobs is ~60 KB. A growing array copied itself at each doubling and ended on the large object heap
    // (~10% of a search's CPU). A pipe hands out pooled segments and starts a new one where the writer needs more room,
    // so nothing is copied or collected; the writer is never paused, since the whole page is read only once written.
    private static readonly PipeOptions s_segments = new(pauseWriterThreshold: 0, minimumSegmentSize: 16 * 1024,
        useSynchronizationContext: false);

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
        var pipe = new Pipe(s_segments);
        try
        {
            using (var json = new Utf8JsonWriter(pipe.Writer))
            {
                var count = 0;
                json.WriteStartArray();
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
                json.Flush();
                await pipe.Writer.CompleteAsync();
                pipe.Reader.TryRead(out var written);
                return new SearchJsonRows(pipe.Reader, written.Buffer, count);
            }
        }
        catch
        {
            await pipe.Writer.CompleteAsync();
            await pipe.Reader.CompleteAsync();
            throw;
        }
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
