using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using DiracX.Db.Jobs;
using DiracX.Testing;
using Npgsql;

namespace DiracX.Routers.Tests.Jobs;

/// <summary>The routers on a fresh database with room for big bulk requests (one per test class).</summary>
public class JobsFixture : RoutersFixture
{
    protected override IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["DiracX:Lollygag:Motto"] = "Lollygagging since 2023",
        ["DiracX:Jobs:MaxJobsPerSubmission"] = "20000",
        ["DiracX:Jobs:MaxIdsPerRequest"] = "12000",
    };

    public HttpClient User => App.CreateClient(TestIdentity.NormalUser);
    public HttpClient Admin => App.CreateClient(TestIdentity.Admin);
    public HttpClient Pilot => App.CreateClient(TestIdentity.Pilot);

    /// <summary>Submits <paramref name="count"/> jobs as the normal user (one parametric JDL when more than one).</summary>
    public async Task<long[]> SubmitAsync(int count = 1)
    {
        var jdl = count == 1 ? """Executable = "echo"; JobName = "job_%j";""" : $"""Executable = "echo"; Arguments = "%s"; Parameters = {count};""";
        var response = await User.PostAsJsonAsync("/api/jobs/jdl", new[] { jdl }, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        var jobs = await response.Content.ReadFromJsonAsync<JsonArray>(TestContext.Current.CancellationToken);
        return [.. jobs!.Select(j => j!["JobID"]!.GetValue<long>())];
    }

    /// <summary>PATCH /api/jobs/status with one report per job.</summary>
    public static async Task<HttpResponseMessage> SetStatusAsync(HttpClient client, IEnumerable<long> jobs, object report, DateTimeOffset? time = null,
        bool force = false)
    {
        var stamp = (time ?? DateTimeOffset.UtcNow).ToString("O", CultureInfo.InvariantCulture);
        var body = jobs.ToDictionary(j => j.ToString(CultureInfo.InvariantCulture), _ => new Dictionary<string, object> { [stamp] = report });
        return await PatchAsync(client, $"/api/jobs/status?force={(force ? "true" : "false")}", body);
    }

    public static async Task<HttpResponseMessage> PatchAsync(HttpClient client, string url, object body) =>
        await client.PatchAsync(url, JsonContent.Create(body, options: s_json), TestContext.Current.CancellationToken);

    /// <summary>DiracX's key spelling (no camelCase, unlike HttpClient's web defaults).</summary>
    private static readonly JsonSerializerOptions s_json = new();

    /// <summary>The job as the search returns it (with LoggingInfo).</summary>
    public async Task<JsonObject> GetJobAsync(long jobId)
    {
        var response = await Admin.PostAsJsonAsync("/api/jobs/search", new
        {
            parameters = new[] { "JobID", "Status", "MinorStatus", "ApplicationStatus", "HeartBeatTime", "StartExecTime", "EndExecTime",
                "UserPriority", "JobType", "Site", "RescheduleCounter", "LoggingInfo" },
            search = new[] { new { parameter = "JobID", @operator = "eq", value = jobId } },
        }, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
        var rows = await response.Content.ReadFromJsonAsync<JsonArray>(TestContext.Current.CancellationToken);
        return Assert.Single(rows!)!.AsObject();
    }

    public async Task<T?> ScalarAsync<T>(string sql, params object[] parameters)
    {
        await using var connection = await App.Database!.OpenConnectionAsync(TestContext.Current.CancellationToken);
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var p in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = p });
        }
        var value = await command.ExecuteScalarAsync(TestContext.Current.CancellationToken);
        return value is DBNull or null ? default : (T)value;
    }

    /// <summary>
    /// Groups present on one side only, or with different counts, between the pre-aggregated <c>JobsSummary</c> and a
    /// <c>GROUP BY</c> over <c>Jobs</c>, over every view (0 when the table is exact).
    /// </summary>
    public async Task<long> SummaryMismatchesAsync()
    {
        long total = 0;
        foreach (var view in JobsSummaryTable.Views)
        {
            var columns = string.Join(", ", JobsSummaryTable.Columns.Where(view.Columns.Contains).Select(c => $"\"{c}\""));
            total += await ScalarAsync<long>(
                $"""
                WITH truth AS (SELECT {columns}, count(*) AS n FROM jobdb."Jobs" GROUP BY {columns}),
                     kept AS (SELECT {columns}, "Count" AS n FROM jobdb."JobsSummary" WHERE "Kind" = {view.Kind} AND "Count" <> 0)
                SELECT count(*) FROM ((TABLE truth EXCEPT ALL TABLE kept) UNION ALL (TABLE kept EXCEPT ALL TABLE truth)) AS diff
                """);
        }
        return total;
    }

    /// <summary>How many SQL statements (each statement of a batch counted) the app sends to this fixture's database while <paramref name="action"/> runs.</summary>
    public Task<int> CountStatementsAsync(Func<Task> action) => SqlStatements.CountAsync(App.Database!.Name, action);

    public static async Task<JsonNode> JsonAsync(HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;

    public static string Compact(JsonNode node) => node.ToJsonString(new JsonSerializerOptions { WriteIndented = false });
}
