using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using DiracX.Core.Telemetry;
using DiracX.Testing;
using static DiracX.Routers.Tests.Auth.AuthFlows;

namespace DiracX.Routers.Tests.Auth;

/// <summary>
/// DiracX's spans and metrics over real requests: a device-flow token, a submission, a kill, a heartbeat that delivers
/// the kill commands and a refused status change. Every request carries one trace id; spans and measurements are kept
/// only when they belong to it (the listeners are process-wide and other tests run alongside).
/// </summary>
public class TelemetryTests(AuthFixture fixture) : IClassFixture<AuthFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Requests_produce_diracx_spans_database_spans_and_metric_values()
    {
        var traceId = ActivityTraceId.CreateRandom();
        var spans = new ConcurrentQueue<Activity>();
        var measurements = new ConcurrentQueue<(string Name, long Value, string Tags)>();
        var ages = new ConcurrentQueue<double>();
        using var activities = new ActivityListener
        {
            ShouldListenTo = s => s.Name is DiracXTelemetry.Name or "Npgsql" or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = a =>
            {
                if (a.TraceId == traceId)
                {
                    spans.Enqueue(a);
                }
            },
        };
        ActivitySource.AddActivityListener(activities);
        using var meters = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == DiracXTelemetry.Name)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            },
        };
        meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (Activity.Current?.TraceId == traceId)
            {
                measurements.Enqueue((instrument.Name, value, string.Join(',', tags.ToArray().Select(t => $"{t.Key}={t.Value}"))));
            }
        });
        meters.SetMeasurementEventCallback<double>((instrument, value, _, _) =>
        {
            if (instrument.Name == "diracx.config.age")
            {
                ages.Enqueue(value);
            }
        });
        meters.Start();

        var client = fixture.App.CreateClient();
        client.DefaultRequestHeaders.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        var tokens = await DeviceTokensAsync(client, "vo:lhcb", AuthFixture.Chaen);
        using var failed = await RefreshAsync(client, "not-a-refresh-token");
        Assert.Equal(HttpStatusCode.Unauthorized, failed.StatusCode);

        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.AccessToken);
        using var submitted = await client.PostAsJsonAsync("/api/jobs/jdl", new[] { """Executable = "echo"; Arguments = "%s"; Parameters = 3;""" }, Ct);
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var jobs = (await submitted.Content.ReadFromJsonAsync<JsonArray>(Ct))!.Select(j => j!["JobID"]!.GetValue<long>()).ToArray();
        Assert.Equal(3, jobs.Length);
        using var killed = await Patch(client, "/api/jobs/status", Reports(jobs, new { Status = "Killed" }));
        Assert.Equal(HttpStatusCode.OK, killed.StatusCode);

        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", fixture.App.Keystore.MintAccessToken(TestIdentity.Pilot));
        using var beat = await Patch(client, "/api/jobs/heartbeat", jobs.ToDictionary(j => j.ToString(CultureInfo.InvariantCulture), _ => new { Vsize = 1 }));
        Assert.Equal(HttpStatusCode.OK, beat.StatusCode);

        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", fixture.App.Keystore.MintAccessToken(TestIdentity.Admin));
        using var missing = await Patch(client, "/api/jobs/status", Reports([999_999_001, 999_999_002], new { Status = "Killed" }));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        meters.RecordObservableInstruments();
        long Sum(string name, string tags = "") => measurements.Where(m => m.Name == name && m.Tags.Contains(tags, StringComparison.Ordinal)).Sum(m => m.Value);
        Assert.Equal(3, Sum("diracx.jobs.submitted"));
        Assert.Equal(3, Sum("diracx.jobs.status_changes", "outcome=applied"));
        Assert.Equal(2, Sum("diracx.jobs.status_changes", "outcome=refused"));
        Assert.Equal(3, Sum("diracx.jobs.heartbeats"));
        Assert.Equal(3, Sum("diracx.jobs.commands_delivered"));
        Assert.Equal(1, Sum("diracx.auth.token_grants", "grant_type=urn:ietf:params:oauth:grant-type:device_code"));
        Assert.Equal(1, Sum("diracx.auth.token_grant_failures", "grant_type=refresh_token,reason=invalid_credentials"));
        Assert.NotEmpty(ages);
        Assert.All(ages, age => Assert.InRange(age, 0, 3600));

        var names = spans.Where(s => s.Source.Name == DiracXTelemetry.Name).Select(s => s.OperationName).ToList();
        foreach (var expected in new[] { "diracx.auth.device_flow.initiate", "diracx.auth.device_flow.login", "diracx.auth.device_flow.finish",
                     "diracx.auth.token", "diracx.jobs.submit", "diracx.jobs.set_status", "diracx.jobs.heartbeat" })
        {
            Assert.Contains(expected, names);
        }
        var submit = Assert.Single(spans, s => s.OperationName == "diracx.jobs.submit");
        Assert.Equal(3, submit.GetTagItem("diracx.jobs.count"));
        var request = Assert.Single(spans, s => s.Source.Name == "Microsoft.AspNetCore" && s.Id == submit.ParentId);
        // The database calls of the submission are spans of the same request (Npgsql's own instrumentation).
        Assert.Contains(spans, s => s.Source.Name == "Npgsql" && s.Kind == ActivityKind.Client && IsWithin(s, request, spans));
        var token = Assert.Single(spans, s => s.OperationName == "diracx.auth.token" && (string?)s.GetTagItem("diracx.auth.failure_reason") == "invalid_credentials");
        Assert.Equal(ActivityStatusCode.Unset, token.Status);
    }

    private static bool IsWithin(Activity span, Activity ancestor, IEnumerable<Activity> all)
    {
        var byId = all.Where(a => a.Id is not null).ToDictionary(a => a.Id!);
        for (var id = span.ParentId; id is not null; id = byId.TryGetValue(id, out var parent) ? parent.ParentId : null)
        {
            if (id == ancestor.Id)
            {
                return true;
            }
        }
        return false;
    }

    private static Dictionary<string, Dictionary<string, object>> Reports(IEnumerable<long> jobs, object report)
    {
        var stamp = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture);
        return jobs.ToDictionary(j => j.ToString(CultureInfo.InvariantCulture), _ => new Dictionary<string, object> { [stamp] = report });
    }

    private static Task<HttpResponseMessage> Patch(HttpClient client, string url, object body) =>
        client.PatchAsync(url, JsonContent.Create(body, options: new JsonSerializerOptions()), Ct);
}
