using System.Text.Json;
using System.Text.Json.Serialization;
using DiracX.Core.Models;
using DiracX.Logic.Jobs;
using DiracX.Routers.Infrastructure.OpenApi;

namespace DiracX.Routers.Jobs;

/// <summary>
/// The body of <c>PATCH /api/jobs/status</c>: <c>{"&lt;job id&gt;": {"&lt;timestamp&gt;": JobStatusUpdate}}</c>, with the
/// timestamps read when the body is bound (422 for a key that is not a date-time). Naive timestamps are kept: refusing
/// them (400) is the logic's, after the access policy.
/// </summary>
[JsonConverter(typeof(Converter))]
[DocumentedAs(typeof(Dictionary<long, Dictionary<string, JobStatusUpdate>>))]
public sealed class JobStatusReportsBody(IReadOnlyDictionary<long, IReadOnlyList<(StatusTimestamp Time, JobStatusUpdate Update)>> reports)
{
    /// <summary>Per job, its reports with their timestamps.</summary>
    public IReadOnlyDictionary<long, IReadOnlyList<(StatusTimestamp Time, JobStatusUpdate Update)>> Reports { get; } = reports;

    private sealed class Converter : JsonConverter<JobStatusReportsBody>
    {
        public override JobStatusReportsBody? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            if (JsonSerializer.Deserialize<Dictionary<long, Dictionary<string, JobStatusUpdate>>>(ref reader, options) is not { } body)
            {
                return null;
            }
            foreach (var (job, reports) in body)
            {
                // System.Text.Json stores a null report; every report is an object.
                if (reports.FirstOrDefault(r => r.Value is null) is { Key: { } time })
                {
                    throw new JsonException($"The JSON value could not be converted to {typeof(JobStatusUpdate)}.",
                        $"$.{job.ToString(System.Globalization.CultureInfo.InvariantCulture)}['{time}']", null, null);
                }
            }
            return new JobStatusReportsBody(StatusUpdates.ParseTimestamps(body));
        }

        public override void Write(Utf8JsonWriter writer, JobStatusReportsBody value, JsonSerializerOptions options) =>
            throw new NotSupportedException("A request body only");
    }
}
