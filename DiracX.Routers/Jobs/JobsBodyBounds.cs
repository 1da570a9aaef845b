using System.Text.Json;
using System.Text.Json.Serialization;
using DiracX.Core.Errors;
using DiracX.Core.Jdl;
using DiracX.Core.Validation;
using DiracX.Routers.Hardening;
using Microsoft.Extensions.Options;

namespace DiracX.Routers.Jobs;

/// <summary>
/// Bounded memory under hostile bodies. Each jobs route has a body limit sized to what it can accept (from
/// <see cref="JobsSettings"/>), and the bulk bodies are read by converters that stop at the first element over their
/// count (the N+1st distinct job id, the N+1st JDL) with the answer the handler would give (413 "At most N job ids per
/// request", 400 "Normal user cannot submit more than N jobs at once"), so that no route builds more objects than it
/// could use, whatever the body.
/// </summary>
public static class JobsBodyBounds
{
    /// <summary>Room for the JSON around the values (brackets, keys, a timestamp) beyond the per-item bounds.</summary>
    private const long Overhead = 64 * 1024;

    /// <summary><c>POST /api/jobs/jdl</c>: every JDL at its largest, escaped (JSON escapes at most triple a JDL's UTF-8 size in practice).</summary>
    public static RequestBodyLimit Submission { get; } = new(s => Settings(s) is var j ? (long)j.MaxJobsPerSubmission * (3L * j.MaxJdlBytes + 8) + Overhead : 0);

    /// <summary><c>/api/jobs/search</c> and <c>/summary</c>: the search setting.</summary>
    public static RequestBodyLimit Search { get; } = new(s => Settings(s).MaxSearchBodyBytes);

    /// <summary>Reschedule and removal: a list of ids (at most 21 bytes each: 19 digits, a sign and a comma).</summary>
    public static RequestBodyLimit IdList { get; } = new(s => 21L * Settings(s).MaxIdsPerRequest + Overhead);

    /// <summary>Status, heartbeat and metadata: a report per job plus one free-text value at its largest.</summary>
    public static RequestBodyLimit PerJob { get; } = new(s => Settings(s) is var j
        ? (long)j.MaxBodyBytesPerJob * j.MaxIdsPerRequest + 6L * InputText.MaxFreeTextChars + Overhead : 0);

    /// <summary>Adds the bounded converters to the HTTP JSON options.</summary>
    public static void Register(IServiceCollection services) =>
        services.AddOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>().Configure<IOptions<JobsSettings>>((o, s) =>
        {
            o.SerializerOptions.Converters.Insert(0, new JdlListConverter(s.Value.MaxJobsPerSubmission));
            o.SerializerOptions.Converters.Insert(0, new IdListConverter(s.Value.MaxIdsPerRequest));
            o.SerializerOptions.Converters.Insert(0, new IdDictionaryConverterFactory(s.Value.MaxIdsPerRequest));
        });

    private static JobsSettings Settings(IServiceProvider services) => services.GetRequiredService<IOptions<JobsSettings>>().Value;

    private static PayloadTooLargeException TooManyIds(int max) => new($"At most {max} job ids per request");

    /// <summary>The JDLs of a submission: at most the submission's job limit (a JDL is not free text: no 64 KiB cap).</summary>
    private sealed class JdlListConverter(int maxJobs) : JsonConverter<string[]>
    {
        public override string[] Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw new JsonException("The JSON value could not be converted to System.String[].");
            }
            var jdls = new List<string>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (jdls.Count == maxJobs)
                {
                    throw new JdlTooManyJobsException(maxJobs);
                }
                try
                {
                    jdls.Add(InputText.ReadString(ref reader, int.MaxValue));
                }
                catch (JsonException e)
                {
                    throw At(e, $"$[{jdls.Count}]");
                }
            }
            return [.. jdls];
        }

        public override void Write(Utf8JsonWriter writer, string[] value, JsonSerializerOptions options)
        {
            writer.WriteStartArray();
            foreach (var item in value)
            {
                writer.WriteStringValue(item);
            }
            writer.WriteEndArray();
        }
    }

    /// <summary>The <c>job_ids</c> of reschedule and removal: at most the id limit of distinct ids.</summary>
    private sealed class IdListConverter(int maxIds) : JsonConverter<IReadOnlyList<long>>
    {
        public override IReadOnlyList<long> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                throw new JsonException("The JSON value could not be converted to System.Collections.Generic.IReadOnlyList`1[System.Int64].");
            }
            var ids = new List<long>();
            var distinct = new HashSet<long>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (reader.TokenType != JsonTokenType.Number || !reader.TryGetInt64(out var id))
                {
                    throw new ListItemJsonException("The JSON value could not be converted to System.Int64.", ids.Count);
                }
                if (distinct.Add(id) && distinct.Count > maxIds)
                {
                    throw TooManyIds(maxIds);
                }
                ids.Add(id);
            }
            return ids;
        }

        public override void Write(Utf8JsonWriter writer, IReadOnlyList<long> value, JsonSerializerOptions options)
        {
            writer.WriteStartArray();
            foreach (var item in value)
            {
                writer.WriteNumberValue(item);
            }
            writer.WriteEndArray();
        }
    }

    /// <summary>Bodies keyed by job id (status, heartbeat, metadata): at most the id limit of keys.</summary>
    private sealed class IdDictionaryConverterFactory(int maxIds) : JsonConverterFactory
    {
        public override bool CanConvert(Type typeToConvert) =>
            typeToConvert.IsGenericType && typeToConvert.GetGenericTypeDefinition() == typeof(Dictionary<,>)
            && typeToConvert.GetGenericArguments()[0] == typeof(long);

        public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
            (JsonConverter)Activator.CreateInstance(typeof(IdDictionaryConverter<>).MakeGenericType(typeToConvert.GetGenericArguments()[1]), maxIds)!;
    }

    private sealed class IdDictionaryConverter<TValue>(int maxIds) : JsonConverter<Dictionary<long, TValue>>
    {
        public override Dictionary<long, TValue> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw new JsonException($"The JSON value could not be converted to {typeToConvert}.");
            }
            var keys = (JsonConverter<long>)options.GetConverter(typeof(long));
            // Looked up once per body: the lookup validates the type each time, which costs more than reading a small
            // value (status and heartbeat bodies carry 10,000 of them).
            var values = (System.Text.Json.Serialization.Metadata.JsonTypeInfo<TValue>)options.GetTypeInfo(typeof(TValue));
            var result = new Dictionary<long, TValue>();
            while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
            {
                var name = InputText.ReadString(ref reader);
                long key;
                try
                {
                    key = keys.ReadAsPropertyName(ref reader, typeof(long), options);
                }
                catch (JsonException e)
                {
                    throw At(e, Path(name));
                }
                if (!result.ContainsKey(key) && result.Count == maxIds)
                {
                    throw TooManyIds(maxIds);
                }
                reader.Read();
                if (reader.TokenType == JsonTokenType.Null && default(TValue) is null)
                {
                    // System.Text.Json would store the null; every per-job value is an object.
                    throw At(new JsonException($"The JSON value could not be converted to {typeof(TValue)}."), Path(name));
                }
                try
                {
                    result[key] = JsonSerializer.Deserialize(ref reader, values)!;
                }
                catch (JsonException e)
                {
                    throw At(e, Path(name) + (e.Path is { Length: > 1 } inner ? inner[1..] : ""));
                }
            }
            return result;
        }

        public override void Write(Utf8JsonWriter writer, Dictionary<long, TValue> value, JsonSerializerOptions options)
        {
            // Looked up once per dictionary, as in Read (a 10,000-job status result has 10,000 values).
            var values = (System.Text.Json.Serialization.Metadata.JsonTypeInfo<TValue>)options.GetTypeInfo(typeof(TValue));
            Span<byte> name = stackalloc byte[20];
            writer.WriteStartObject();
            foreach (var (key, item) in value)
            {
                key.TryFormat(name, out var length, provider: System.Globalization.CultureInfo.InvariantCulture);
                writer.WritePropertyName(name[..length]);
                JsonSerializer.Serialize(writer, item, values);
            }
            writer.WriteEndObject();
        }

        private static string Path(string name) => name.All(char.IsAsciiLetterOrDigit) ? "$." + name : "$['" + name + "']";
    }

    /// <summary>The same failure at <paramref name="path"/>: a nested read loses the outer path.</summary>
    private static JsonException At(JsonException e, string path) => e is InputRejectedException rejected
        ? new InputRejectedException(rejected.Problem, path)
        : new JsonException(e.Message, path, e.LineNumber, e.BytePositionInLine, e);
}

/// <summary>
/// A value of a list that a bounded converter could not read, at <see cref="Index"/>: the serializer sets the list's own
/// path (a converter cannot know where its list sits in the body), and the error body appends the index.
/// </summary>
public sealed class ListItemJsonException(string message, int index) : JsonException(message)
{
    /// <summary>The position of the value in its list.</summary>
    public int Index { get; } = index;
}
