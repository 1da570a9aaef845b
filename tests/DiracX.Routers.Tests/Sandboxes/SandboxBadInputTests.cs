using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using DiracX.Routers.Tests.Jobs;
using DiracX.Testing;

namespace DiracX.Routers.Tests.Sandboxes;

/// <summary>The sandbox routes' bad inputs (inventory 2.2, 2.6, 3.4, 5.5): each refused with DiracX's status and shape, and writing nothing.</summary>
public class SandboxBadInputTests(JobsFixture fixture) : IClassFixture<JobsFixture>
{
    private static readonly TestIdentity s_bob = new("lhcb", "d046f6fe-3f0a-6aa0-af02-e2c077f68263", "bob", "lhcb_user", ["NormalUser"]);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpClient As(TestIdentity identity) => fixture.App.CreateClient(identity);

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private static async Task<JsonArray> ProblemsAsync(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        return (await JobsFixture.JsonAsync(response))["detail"]!.AsArray();
    }

    private static async Task<string> DetailAsync(HttpResponseMessage response) =>
        JobsFixture.Compact((await JobsFixture.JsonAsync(response))["detail"]!);

    private static string Loc(JsonNode problem) => JobsFixture.Compact(problem["loc"]!);

    private static string Pfn(string user, char digit) =>
        $"SB:SandboxSE|/S3/sandboxes/lhcb/lhcb_user/{user}/sha256:{new string(digit, 64)}.tar.zst";

    private async Task<long> JobAsync(TestIdentity identity)
    {
        var response = await As(identity).PostAsJsonAsync("/api/jobs/jdl", new[] { "Executable = \"echo\";" }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await JobsFixture.JsonAsync(response))[0]!["JobID"]!.GetValue<long>();
    }

    public static TheoryData<string, string> Routes() => new()
    {
        { "POST", "/api/jobs/sandbox" },
        { "GET", $"/api/jobs/sandbox?pfn={Uri.EscapeDataString(Pfn("chaen", 'a'))}" },
        { "GET", "/api/jobs/1/sandbox" },
        { "GET", "/api/jobs/1/sandbox/input" },
        { "PATCH", "/api/jobs/1/sandbox/output" },
        { "DELETE", "/api/jobs/1/sandbox" },
        { "POST", "/api/jobs/sandbox/unassign" },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Every_sandbox_route_needs_a_token(string method, string url)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url) { Content = method is "POST" or "PATCH" ? Json("{}") : null };
        var response = await fixture.App.CreateClient().SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task An_upload_request_without_its_fields_names_each_missing_one()
    {
        var problems = await ProblemsAsync(await As(TestIdentity.NormalUser).PostAsync("/api/jobs/sandbox", Json("{}"), Ct));
        Assert.Equal(new[] { "checksum", "checksum_algorithm", "format", "size" }.Select(f => $"[\"body\",\"{f}\"]"),
            problems.Select(p => Loc(p!)).Order(StringComparer.Ordinal));
        Assert.All(problems, p => Assert.Equal("missing", (string?)p!["type"]));

        var negative = await ProblemsAsync(await As(TestIdentity.NormalUser).PostAsJsonAsync("/api/jobs/sandbox",
            new { checksum_algorithm = "sha256", checksum = new string('a', 64), size = -5, format = "tar.zst" }, Ct));
        Assert.Equal("greater_than_equal", (string?)Assert.Single(negative)!["type"]);

        var notJson = await As(TestIdentity.NormalUser).PostAsync("/api/jobs/sandbox", Json("{\"checksum\": "), Ct);
        Assert.Equal("json_invalid", (string?)(await ProblemsAsync(notJson))[0]!["type"]);

        var wrongType = await ProblemsAsync(await As(TestIdentity.NormalUser).PostAsync("/api/jobs/sandbox",
            Json($$"""{"checksum_algorithm":"sha256","checksum":"{{new string('a', 64)}}","size":"big","format":"tar.zst"}"""), Ct));
        Assert.Equal("[\"body\",\"size\"]", Loc(Assert.Single(wrongType)!));
    }

    [Fact]
    public async Task An_uppercase_checksum_and_the_bz2_format_are_accepted_and_the_pfn_is_lowercase()
    {
        var data = RandomNumberGenerator.GetBytes(64);
        var hex = Convert.ToHexString(SHA256.HashData(data));
        var response = await As(TestIdentity.NormalUser).PostAsJsonAsync("/api/jobs/sandbox",
            new { checksum_algorithm = "sha256", checksum = hex, size = data.Length, format = "tar.bz2" }, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var pfn = (string)(await JobsFixture.JsonAsync(response))["pfn"]!;
        Assert.EndsWith($"/lhcb/lhcb_user/chaen/sha256:{hex.ToLowerInvariant()}.tar.bz2", pfn, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_download_request_without_a_pfn_is_422()
    {
        var problem = Assert.Single(await ProblemsAsync(await As(TestIdentity.NormalUser).GetAsync("/api/jobs/sandbox", Ct)));
        Assert.Equal(("missing", "[\"query\",\"pfn\"]"), ((string?)problem!["type"], Loc(problem)));
    }

    [Fact]
    public async Task A_job_path_that_is_not_a_number_is_422()
    {
        var problem = Assert.Single(await ProblemsAsync(await As(TestIdentity.NormalUser).GetAsync("/api/jobs/abc/sandbox", Ct)));
        Assert.Equal(("int_parsing", "[\"path\",\"job_id\"]"), ((string?)problem!["type"], Loc(problem)));
    }

    [Fact]
    public async Task Assigning_an_output_refuses_malformed_unknown_and_foreign_requests()
    {
        var job = await JobAsync(TestIdentity.NormalUser);
        var url = $"/api/jobs/{job}/sandbox/output";

        var malformed = Assert.Single(await ProblemsAsync(await JobsFixture.PatchAsync(As(TestIdentity.Pilot), url, "not a pfn")));
        Assert.Equal(("string_pattern_mismatch", "[\"body\"]"), ((string?)malformed!["type"], Loc(malformed)));
        var notAString = await As(TestIdentity.Pilot).PatchAsync(url, Json($$"""{"pfn": "{{Pfn("chaen", 'a')}}"}"""), Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, notAString.StatusCode);

        // Well formed, in the owner's namespace, but never registered.
        var unknown = await JobsFixture.PatchAsync(As(TestIdentity.Pilot), url, Pfn("chaen", 'd'));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal("\"Sandbox not found\"", await DetailAsync(unknown));

        // A job that does not exist: a user may not manage it; a pilot passes the policy and finds no sandbox to assign.
        Assert.Equal(HttpStatusCode.Forbidden, (await JobsFixture.PatchAsync(As(TestIdentity.NormalUser), $"/api/jobs/{job + 1_000_000}/sandbox/output", Pfn("chaen", 'd'))).StatusCode);
        var noJob = await JobsFixture.PatchAsync(As(TestIdentity.Pilot), $"/api/jobs/{job + 1_000_000}/sandbox/output", Pfn("chaen", 'd'));
        Assert.Equal(HttpStatusCode.BadRequest, noJob.StatusCode);
        Assert.Equal("\"Sandbox not found\"", await DetailAsync(noJob));

        // A pilot of another VO may not touch the job.
        var otherVoPilot = TestIdentity.Pilot with { Vo = TestIdentity.OtherVoUser.Vo, DiracGroup = TestIdentity.OtherVoUser.DiracGroup };
        Assert.Equal(HttpStatusCode.Forbidden, (await JobsFixture.PatchAsync(As(otherVoPilot), url, Pfn("chaen", 'd'))).StatusCode);

        Assert.Equal(0L, await fixture.ScalarAsync<long>("""SELECT count(*) FROM sandboxmetadatadb."sb_EntityMapping" WHERE "EntityId" = $1""", $"Job:{job}"));
    }

    [Fact]
    public async Task Unassigning_someone_else_s_job_is_403_and_keeps_its_sandboxes()
    {
        var data = RandomNumberGenerator.GetBytes(100);
        var info = new { checksum_algorithm = "sha256", checksum = Convert.ToHexStringLower(SHA256.HashData(data)), size = data.Length, format = "tar.zst" };
        var pfn = (string)(await JobsFixture.JsonAsync(await As(TestIdentity.NormalUser).PostAsJsonAsync("/api/jobs/sandbox", info, Ct)))["pfn"]!;
        var response = await As(TestIdentity.NormalUser).PostAsJsonAsync("/api/jobs/jdl",
            new[] { $$"""Executable = "echo"; InputSandbox = {"{{pfn}}"};""" }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var job = (await JobsFixture.JsonAsync(response))[0]!["JobID"]!.GetValue<long>();

        Assert.Equal(HttpStatusCode.Forbidden, (await As(s_bob).DeleteAsync($"/api/jobs/{job}/sandbox", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await As(s_bob).PostAsJsonAsync("/api/jobs/sandbox/unassign", new { job_ids = new[] { job } }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await As(TestIdentity.OtherVoUser).DeleteAsync($"/api/jobs/{job}/sandbox", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await As(TestIdentity.Pilot).GetAsync($"/api/jobs/{job}/sandbox", Ct)).StatusCode);

        var missing = Assert.Single(await ProblemsAsync(await As(TestIdentity.NormalUser).PostAsync("/api/jobs/sandbox/unassign", Json("{}"), Ct)));
        Assert.Equal(("missing", "[\"body\",\"job_ids\"]"), ((string?)missing!["type"], Loc(missing)));

        Assert.Equal(1L, await fixture.ScalarAsync<long>("""SELECT count(*) FROM sandboxmetadatadb."sb_EntityMapping" WHERE "EntityId" = $1""", $"Job:{job}"));
    }

    [Theory]
    [InlineData("\"5\"", "int_parsing", "Input should be a valid integer, unable to parse string as an integer")]
    [InlineData("5.5", "int_from_float", "Input should be a valid integer, got a number with a fractional part")]
    [InlineData("true", "int_type", "Input should be a valid integer")]
    public async Task A_size_that_is_not_an_integer_is_an_integer_error(string size, string type, string message)
    {
        using var user = fixture.User;
        using var response = await user.PostAsync("/api/jobs/sandbox", Json($$"""
            {"checksum_algorithm": "sha256", "checksum": "{{new string('a', 64)}}", "size": {{size}}, "format": "tar.zst"}
            """), Ct);
        var problem = Assert.Single(await ProblemsAsync(response))!;
        Assert.Equal("""["body","size"]""", Loc(problem));
        Assert.Equal(type, (string?)problem["type"]);
        Assert.Equal(message, (string?)problem["msg"]);
    }
}
