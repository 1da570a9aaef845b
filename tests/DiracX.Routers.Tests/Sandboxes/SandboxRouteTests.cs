using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using DiracX.Routers.Tests.Jobs;
using DiracX.Testing;

namespace DiracX.Routers.Tests.Sandboxes;

public class SandboxRouteTests(JobsFixture fixture) : IClassFixture<JobsFixture>
{
    private static readonly TestIdentity s_bob = new("lhcb", "d046f6fe-3f0a-6aa0-af02-e2c077f68263", "bob", "lhcb_user", ["NormalUser"]);
    private static readonly TestIdentity s_chaenOtherGroup = TestIdentity.NormalUser with { DiracGroup = "lhcb_prod" };
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpClient As(TestIdentity identity) => fixture.App.CreateClient(identity);

    private static byte[] Bytes(int size, int seed)
    {
        var data = new byte[size];
        new Random(seed).NextBytes(data);
        return data;
    }

    private static object Info(byte[] data, string format = "tar.zst") =>
        new { checksum_algorithm = "sha256", checksum = Convert.ToHexStringLower(SHA256.HashData(data)), size = data.Length, format };

    /// <summary>Registers and uploads <paramref name="data"/> as <paramref name="identity"/>; returns the full PFN.</summary>
    private async Task<string> UploadAsync(TestIdentity identity, byte[] data)
    {
        var response = await As(identity).PostAsJsonAsync("/api/jobs/sandbox", Info(data), Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await JobsFixture.JsonAsync(response);
        if (body["url"] is { } url)
        {
            using var form = new MultipartFormDataContent();
            foreach (var (name, value) in body["fields"]!.AsObject())
            {
                form.Add(new StringContent((string)value!), name);
            }
            form.Add(new ByteArrayContent(data), "file", "sandbox.tar.zst");
            using var s3 = new HttpClient();
            var upload = await s3.PostAsync((string)url!, form, Ct);
            Assert.True(upload.IsSuccessStatusCode, $"upload: {upload.StatusCode}");
        }
        return (string)body["pfn"]!;
    }

    private async Task<byte[]> DownloadAsync(TestIdentity identity, string pfn)
    {
        var response = await As(identity).GetAsync($"/api/jobs/sandbox?pfn={Uri.EscapeDataString(pfn)}", Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await JobsFixture.JsonAsync(response);
        Assert.Equal(300, (int)body["expires_in"]!);
        using var s3 = new HttpClient();
        return await s3.GetByteArrayAsync((string)body["url"]!, Ct);
    }

    private static async Task<string> DetailAsync(HttpResponseMessage response) =>
        JobsFixture.Compact((await JobsFixture.JsonAsync(response))["detail"]!);

    private async Task<long[]> SubmitAsync(TestIdentity identity, string jdl, HttpStatusCode expected = HttpStatusCode.Created)
    {
        var response = await As(identity).PostAsJsonAsync("/api/jobs/jdl", new[] { jdl }, Ct);
        Assert.Equal(expected, response.StatusCode);
        if (expected != HttpStatusCode.Created)
        {
            return [];
        }
        var jobs = await response.Content.ReadFromJsonAsync<JsonArray>(Ct);
        return [.. jobs!.Select(j => j!["JobID"]!.GetValue<long>())];
    }

    [Fact]
    public async Task An_uploaded_sandbox_downloads_byte_identical_and_a_second_request_needs_no_upload()
    {
        var data = Bytes(70_000, 1);
        var pfn = await UploadAsync(TestIdentity.NormalUser, data);
        Assert.StartsWith("SB:SandboxSE|/S3/", pfn, StringComparison.Ordinal);
        Assert.Contains($"/lhcb/lhcb_user/chaen/sha256:{Convert.ToHexStringLower(SHA256.HashData(data))}.tar.zst", pfn, StringComparison.Ordinal);

        var again = await JobsFixture.JsonAsync(await As(TestIdentity.NormalUser).PostAsJsonAsync("/api/jobs/sandbox", Info(data), Ct));
        Assert.Equal(pfn, (string?)again["pfn"]);
        Assert.Null(again["url"]);
        Assert.Equal("{}", JobsFixture.Compact(again["fields"]!));

        Assert.Equal(data, await DownloadAsync(TestIdentity.NormalUser, pfn));
        // The short form (without SB:<SE>|) is accepted too.
        Assert.Equal(data, await DownloadAsync(TestIdentity.NormalUser, pfn[(pfn.IndexOf('|', StringComparison.Ordinal) + 1)..]));
    }

    [Fact]
    public async Task A_registered_sandbox_that_never_reached_the_store_gets_a_new_upload()
    {
        var data = Bytes(1000, 2);
        var first = await JobsFixture.JsonAsync(await As(TestIdentity.NormalUser).PostAsJsonAsync("/api/jobs/sandbox", Info(data), Ct));
        Assert.NotNull(first["url"]);
        var second = await JobsFixture.JsonAsync(await As(TestIdentity.NormalUser).PostAsJsonAsync("/api/jobs/sandbox", Info(data), Ct));
        Assert.NotNull(second["url"]);
    }

    [Fact]
    public async Task The_presigned_post_pins_the_key_the_exact_size_and_the_checksum_and_is_signed()
    {
        var data = Bytes(512, 3);
        var body = await JobsFixture.JsonAsync(await As(TestIdentity.NormalUser).PostAsJsonAsync("/api/jobs/sandbox", Info(data), Ct));
        var fields = body["fields"]!.AsObject();
        var pfn = (string)body["pfn"]!;
        var key = string.Join('/', pfn.Split('|')[1].Split('/').Skip(3));
        Assert.Equal(key, (string?)fields["key"]);
        Assert.Equal("sha256", (string?)fields["x-amz-checksum-algorithm"]);
        Assert.Equal(Convert.ToBase64String(SHA256.HashData(data)), (string?)fields["x-amz-checksum-sha256"]);
        var policy = JsonNode.Parse(Convert.FromBase64String((string)fields["policy"]!))!;
        var conditions = policy["conditions"]!.AsArray();
        Assert.Contains(conditions, c => c is JsonArray a && (string?)a[0] == "content-length-range" && (long)a[1]! == 512 && (long)a[2]! == 512);
        foreach (var name in new[] { "key", "x-amz-checksum-algorithm", "x-amz-checksum-sha256", "x-amz-credential", "x-amz-date", "x-amz-algorithm" })
        {
            Assert.Contains(conditions, c => c is JsonObject o && (string?)o[name] == (string?)fields[name]);
        }
        var expiration = DateTimeOffset.Parse((string)policy["expiration"]!, CultureInfo.InvariantCulture);
        Assert.InRange(expiration - DateTimeOffset.UtcNow, TimeSpan.FromSeconds(200), TimeSpan.FromSeconds(301));
        var date = ((string)fields["x-amz-date"]!)[..8];
        Assert.Equal(Db.Sandboxes.PresignedPostPolicy.Sign(S3Server.SecretAccessKey, date, "us-east-1", (string)fields["policy"]!),
            (string?)fields["x-amz-signature"]);
    }

    [Theory]
    [InlineData("""{"checksum_algorithm":"md5","checksum":"%C","size":1,"format":"tar.zst"}""", "checksum_algorithm")]
    [InlineData("""{"checksum_algorithm":"sha256","checksum":"abc","size":1,"format":"tar.zst"}""", "checksum")]
    [InlineData("""{"checksum_algorithm":"sha256","checksum":"%C","size":0,"format":"tar.zst"}""", "size")]
    [InlineData("""{"checksum_algorithm":"sha256","checksum":"%C","size":10,"format":"zip"}""", "format")]
    public async Task Malformed_sandbox_requests_are_422_naming_the_field(string json, string field)
    {
        var body = json.Replace("%C", new string('a', 64), StringComparison.Ordinal);
        var response = await As(TestIdentity.NormalUser).PostAsync("/api/jobs/sandbox", new StringContent(body, Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains($"\"loc\":[\"body\",\"{field}\"]", await DetailAsync(response), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sandbox_above_the_limit_is_refused_with_DiracX_message()
    {
        var response = await As(TestIdentity.NormalUser).PostAsJsonAsync("/api/jobs/sandbox",
            new { checksum_algorithm = "sha256", checksum = new string('b', 64), size = 100 * 1024 * 1024 + 1, format = "tar.zst" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("\"Sandbox too large, maximum allowed is 104857600 bytes\"", await DetailAsync(response));
    }

    [Fact]
    public async Task Only_normal_users_create_sandboxes()
    {
        var data = Bytes(10, 4);
        Assert.Equal(HttpStatusCode.Forbidden, (await As(TestIdentity.Admin).PostAsJsonAsync("/api/jobs/sandbox", Info(data), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await As(TestIdentity.Pilot).PostAsJsonAsync("/api/jobs/sandbox", Info(data), Ct)).StatusCode);
    }

    [Fact]
    public async Task Sandboxes_are_namespaced_by_vo_group_and_user()
    {
        var data = Bytes(2000, 5);
        var pfn = await UploadAsync(TestIdentity.NormalUser, data);
        var escaped = Uri.EscapeDataString(pfn);

        var bob = await As(s_bob).GetAsync($"/api/jobs/sandbox?pfn={escaped}", Ct);
        Assert.Equal(HttpStatusCode.Forbidden, bob.StatusCode);
        Assert.Contains("Invalid PFN. PFN must start with /S3/", await DetailAsync(bob), StringComparison.Ordinal);
        Assert.Contains("/lhcb/lhcb_user/bob/", await DetailAsync(bob), StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.Forbidden, (await As(s_chaenOtherGroup).GetAsync($"/api/jobs/sandbox?pfn={escaped}", Ct)).StatusCode);
        var otherVo = await As(TestIdentity.OtherVoUser).GetAsync($"/api/jobs/sandbox?pfn={escaped}", Ct);
        Assert.Equal(HttpStatusCode.Forbidden, otherVo.StatusCode);

        // Bob's own namespace, but a sandbox nobody registered: not his.
        var bobsPrefix = pfn.Replace("/chaen/", "/bob/", StringComparison.Ordinal);
        await UploadAsync(s_bob, Bytes(10, 6));
        var unregistered = await As(s_bob).GetAsync($"/api/jobs/sandbox?pfn={Uri.EscapeDataString(bobsPrefix)}", Ct);
        Assert.Equal(HttpStatusCode.Forbidden, unregistered.StatusCode);
        Assert.Equal("\"bob is not the owner of the sandbox\"", await DetailAsync(unregistered));

        Assert.Equal(data, await DownloadAsync(TestIdentity.Admin, pfn));
    }

    [Theory]
    [InlineData("/S3/sandboxes/lhcb/g/u/sha256:abc.tar.zst")]
    [InlineData("https://evil.example/x")]
    public async Task Malformed_pfns_are_422(string pfn)
    {
        var response = await As(TestIdentity.NormalUser).GetAsync($"/api/jobs/sandbox?pfn={Uri.EscapeDataString(pfn)}", Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var tooLong = await As(TestIdentity.NormalUser).GetAsync($"/api/jobs/sandbox?pfn={new string('a', 300)}", Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, tooLong.StatusCode);
        Assert.Contains("string_too_long", await DetailAsync(tooLong), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_job_gets_its_input_sandbox_at_submission_and_its_output_from_a_pilot_and_the_owner_downloads_it()
    {
        var input = await UploadAsync(TestIdentity.NormalUser, Bytes(3000, 7));
        var jobs = await SubmitAsync(TestIdentity.NormalUser, $$"""Executable = "echo"; InputSandbox = {"{{input}}", "LFN:/lhcb/user/x"};""");
        var job = Assert.Single(jobs);

        var sandboxes = await JobsFixture.JsonAsync(await As(TestIdentity.NormalUser).GetAsync($"/api/jobs/{job}/sandbox", Ct));
        Assert.Equal($$"""{"Input":["{{input.Split('|')[1]}}"],"Output":[null]}""", JobsFixture.Compact(sandboxes));

        // The job wrapper uploads the output with the owner's token; the pilot assigns it.
        var outputData = Bytes(4000, 8);
        var output = await UploadAsync(TestIdentity.NormalUser, outputData);
        var assign = await JobsFixture.PatchAsync(As(TestIdentity.Pilot), $"/api/jobs/{job}/sandbox/output", output);
        Assert.Equal(HttpStatusCode.OK, assign.StatusCode);
        Assert.Equal("null", await assign.Content.ReadAsStringAsync(Ct));
        var again = await JobsFixture.PatchAsync(As(TestIdentity.Pilot), $"/api/jobs/{job}/sandbox/output", output);
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Equal("\"Sandbox already assigned\"", await DetailAsync(again));

        var outputs = await JobsFixture.JsonAsync(await As(TestIdentity.NormalUser).GetAsync($"/api/jobs/{job}/sandbox/output", Ct));
        Assert.Equal($"[\"{output.Split('|')[1]}\"]", JobsFixture.Compact(outputs));
        Assert.Equal(outputData, await DownloadAsync(TestIdentity.NormalUser, (string)outputs[0]!));

        // Another user can neither read the job's sandboxes nor assign to it.
        Assert.Equal(HttpStatusCode.Forbidden, (await As(s_bob).GetAsync($"/api/jobs/{job}/sandbox", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await JobsFixture.PatchAsync(As(s_bob), $"/api/jobs/{job}/sandbox/output", output)).StatusCode);
    }

    [Fact]
    public async Task A_pilot_cannot_assign_someone_else_s_sandbox_to_a_job()
    {
        var job = Assert.Single(await SubmitAsync(TestIdentity.NormalUser, """Executable = "echo";"""));
        var bobs = await UploadAsync(s_bob, Bytes(100, 9));
        var response = await JobsFixture.PatchAsync(As(TestIdentity.Pilot), $"/api/jobs/{job}/sandbox/output", bobs);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("\"Sandbox not found\"", await DetailAsync(response));
    }

    [Fact]
    public async Task An_unknown_or_foreign_input_sandbox_refuses_the_submission_and_creates_no_job()
    {
        var before = await fixture.ScalarAsync<long>("""SELECT count(*) FROM jobdb."Jobs" """);
        var unknown = $"SB:SandboxSE|/S3/sandboxes/lhcb/lhcb_user/chaen/sha256:{new string('c', 64)}.tar.zst";
        var response = await As(TestIdentity.NormalUser).PostAsJsonAsync("/api/jobs/jdl",
            new[] { $$"""Executable = "echo"; InputSandbox = {"{{unknown}}"};""" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(unknown, await DetailAsync(response), StringComparison.Ordinal);

        var bobs = await UploadAsync(s_bob, Bytes(100, 10));
        var foreign = await As(TestIdentity.NormalUser).PostAsJsonAsync("/api/jobs/jdl",
            new[] { $$"""Executable = "echo"; Parameters = 3; Arguments = "%s"; InputSandbox = {"{{bobs}}"};""" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);
        Assert.Contains(bobs, await DetailAsync(foreign), StringComparison.Ordinal);
        Assert.Equal(before, await fixture.ScalarAsync<long>("""SELECT count(*) FROM jobdb."Jobs" """));
    }

    [Fact]
    public async Task Unassigning_and_removing_jobs_releases_their_sandboxes()
    {
        var input = await UploadAsync(TestIdentity.NormalUser, Bytes(500, 11));
        var jobs = await SubmitAsync(TestIdentity.NormalUser, $$"""Executable = "echo"; Parameters = 3; Arguments = "%s"; InputSandbox = {"{{input}}"};""");
        Assert.Equal(3, jobs.Length);
        var shortPfn = input.Split('|')[1];
        async Task<bool?> AssignedAsync() => await fixture.ScalarAsync<bool>(
            """SELECT "Assigned" FROM sandboxmetadatadb."sb_SandBoxes" WHERE "SEPFN" = $1""", shortPfn);
        Assert.True(await AssignedAsync());

        var delete = await As(TestIdentity.NormalUser).DeleteAsync($"/api/jobs/{jobs[0]}/sandbox", Ct);
        Assert.Equal(HttpStatusCode.OK, delete.StatusCode);
        Assert.Equal("null", await delete.Content.ReadAsStringAsync(Ct));
        Assert.True(await AssignedAsync());

        var bulk = await As(TestIdentity.NormalUser).PostAsJsonAsync("/api/jobs/sandbox/unassign", new { job_ids = new[] { jobs[1] } }, Ct);
        Assert.Equal(HttpStatusCode.NoContent, bulk.StatusCode);
        Assert.True(await AssignedAsync());

        var remove = await As(TestIdentity.Admin).PostAsJsonAsync("/api/jobs/remove", new { job_ids = new[] { jobs[2] } }, Ct);
        Assert.Equal(HttpStatusCode.OK, remove.StatusCode);
        Assert.False(await AssignedAsync());
        Assert.Equal(0L, await fixture.ScalarAsync<long>("""SELECT count(*) FROM sandboxmetadatadb."sb_EntityMapping" WHERE "EntityId" = ANY($1)""",
            new object[] { jobs.Select(j => $"Job:{j}").ToArray() }));
    }

    [Fact]
    public async Task The_sandbox_type_is_input_or_output()
    {
        var job = Assert.Single(await SubmitAsync(TestIdentity.NormalUser, """Executable = "echo";"""));
        var response = await As(TestIdentity.NormalUser).GetAsync($"/api/jobs/{job}/sandbox/both", Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("Input should be 'input' or 'output'", (string?)(await JobsFixture.JsonAsync(response))["detail"]![0]!["msg"]);
        Assert.Equal("[null]", JobsFixture.Compact(await JobsFixture.JsonAsync(await As(TestIdentity.NormalUser).GetAsync($"/api/jobs/{job}/sandbox/input", Ct))));
    }
}
