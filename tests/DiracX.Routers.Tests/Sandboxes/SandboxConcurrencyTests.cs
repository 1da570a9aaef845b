using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using DiracX.Routers.Tests.Jobs;
using DiracX.Testing;

namespace DiracX.Routers.Tests.Sandboxes;

/// <summary>Sandbox registration, assignment and unassignment by many clients at once.</summary>
public class SandboxConcurrencyTests(JobsFixture fixture) : IClassFixture<JobsFixture>
{
    private static readonly TestIdentity s_bob = new("lhcb", "d046f6fe-3f0a-6aa0-af02-e2c077f68263", "bob", "lhcb_user", ["NormalUser"]);
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private HttpClient As(TestIdentity identity) => fixture.App.CreateClient(identity);

    private static object Info(byte[] data) =>
        new { checksum_algorithm = "sha256", checksum = Convert.ToHexStringLower(SHA256.HashData(data)), size = data.Length, format = "tar.zst" };

    private Task<HttpResponseMessage> RegisterAsync(TestIdentity identity, byte[] data) => As(identity).PostAsJsonAsync("/api/jobs/sandbox", Info(data), Ct);

    /// <summary>Sandboxes whose Assigned flag disagrees with their mappings (an assigned one may lose its mappings: the clean-up takes it).</summary>
    private Task<long> UnassignedButMappedAsync() => fixture.ScalarAsync<long>(
        """
        SELECT count(*) FROM sandboxmetadatadb."sb_SandBoxes" s
        WHERE NOT s."Assigned" AND EXISTS (SELECT 1 FROM sandboxmetadatadb."sb_EntityMapping" m WHERE m."SBId" = s."SBId")
        """);

    [Fact]
    public async Task One_checksum_registered_by_two_users_eight_times_at_once_gives_one_sandbox_per_user()
    {
        for (var repetition = 0; repetition < 5; repetition++)
        {
            var data = RandomNumberGenerator.GetBytes(64);
            var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => RegisterAsync(i % 2 == 0 ? TestIdentity.NormalUser : s_bob, data)));

            Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
            var pfns = new HashSet<string>();
            foreach (var response in responses)
            {
                pfns.Add((string)(await JobsFixture.JsonAsync(response))["pfn"]!);
            }
            Assert.Equal(2, pfns.Count);
            Assert.Equal(2L, await fixture.ScalarAsync<long>("""SELECT count(*) FROM sandboxmetadatadb."sb_SandBoxes" WHERE "SEPFN" LIKE $1""",
                $"%{Convert.ToHexStringLower(SHA256.HashData(data))}%"));
        }
    }

    [Fact]
    public async Task Assigning_a_sandbox_while_its_last_job_is_unassigned_leaves_it_assigned()
    {
        for (var repetition = 0; repetition < 10; repetition++)
        {
            // Eight sandboxes, each the input of one job; at once, each job's sandboxes are unassigned while the
            // sandbox is assigned as the output of a second job. The sandbox stays mapped (to the second job), so it
            // must stay assigned, or the clean-up deletes a sandbox a job still names.
            var pairs = new List<(long First, long Second, string Pfn)>();
            for (var i = 0; i < 8; i++)
            {
                var registered = await RegisterAsync(TestIdentity.NormalUser, RandomNumberGenerator.GetBytes(64));
                Assert.Equal(HttpStatusCode.OK, registered.StatusCode);
                var pfn = (string)(await JobsFixture.JsonAsync(registered))["pfn"]!;
                var submitted = await As(TestIdentity.NormalUser).PostAsJsonAsync("/api/jobs/jdl", new[]
                {
                    $$"""Executable = "echo"; InputSandbox = {"{{pfn}}"};""", """Executable = "echo";""",
                }, Ct);
                Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
                var ids = (await JobsFixture.JsonAsync(submitted)).AsArray().Select(j => (long)j!["JobID"]!).ToArray();
                pairs.Add((ids[0], ids[1], pfn));
            }

            var responses = await Task.WhenAll(pairs.SelectMany(p => new[]
            {
                As(TestIdentity.NormalUser).DeleteAsync($"/api/jobs/{p.First}/sandbox", Ct),
                JobsFixture.PatchAsync(As(TestIdentity.Pilot), $"/api/jobs/{p.Second}/sandbox/output", p.Pfn),
            }));

            Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
            Assert.Equal(0L, await UnassignedButMappedAsync());
        }
    }

    [Fact]
    public async Task Submitting_a_job_naming_a_sandbox_while_its_last_job_is_unassigned_leaves_it_assigned()
    {
        for (var repetition = 0; repetition < 10; repetition++)
        {
            var firsts = new List<(long Job, string Pfn)>();
            for (var i = 0; i < 8; i++)
            {
                var registered = await RegisterAsync(TestIdentity.NormalUser, RandomNumberGenerator.GetBytes(64));
                var pfn = (string)(await JobsFixture.JsonAsync(registered))["pfn"]!;
                var submitted = await As(TestIdentity.NormalUser).PostAsJsonAsync("/api/jobs/jdl", new[] { $$"""Executable = "echo"; InputSandbox = {"{{pfn}}"};""" }, Ct);
                Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
                firsts.Add(((long)(await JobsFixture.JsonAsync(submitted))[0]!["JobID"]!, pfn));
            }

            var responses = await Task.WhenAll(firsts.SelectMany(f => new[]
            {
                As(TestIdentity.NormalUser).PostAsJsonAsync("/api/jobs/sandbox/unassign", new { job_ids = new[] { f.Job } }, Ct),
                As(TestIdentity.NormalUser).PostAsJsonAsync("/api/jobs/jdl", new[] { $$"""Executable = "echo"; InputSandbox = {"{{f.Pfn}}"};""" }, Ct),
            }));

            Assert.All(responses, r => Assert.True(r.IsSuccessStatusCode, r.StatusCode.ToString()));
            Assert.Equal(0L, await UnassignedButMappedAsync());
        }
    }

    [Fact]
    public async Task Assigning_an_output_sandbox_while_its_job_is_removed_leaves_no_mapping_to_a_removed_job()
    {
        for (var repetition = 0; repetition < 10; repetition++)
        {
            var pairs = new List<(long Job, string Pfn)>();
            var submitted = await As(TestIdentity.NormalUser).PostAsJsonAsync("/api/jobs/jdl",
                new[] { """Executable = "echo"; Parameters = 8; Arguments = "%s";""" }, Ct);
            Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
            foreach (var job in (await JobsFixture.JsonAsync(submitted)).AsArray().Select(j => (long)j!["JobID"]!))
            {
                var registered = await RegisterAsync(TestIdentity.NormalUser, RandomNumberGenerator.GetBytes(64));
                pairs.Add((job, (string)(await JobsFixture.JsonAsync(registered))["pfn"]!));
            }

            var responses = await Task.WhenAll(pairs.SelectMany(p => new[]
            {
                As(TestIdentity.Admin).PostAsJsonAsync("/api/jobs/remove", new { job_ids = new[] { p.Job } }, Ct),
                JobsFixture.PatchAsync(As(TestIdentity.Pilot), $"/api/jobs/{p.Job}/sandbox/output", p.Pfn),
            }));

            // The assignment either happened before the removal (which then unassigned it) or finds no job.
            var codes = responses.Select(r => (int)r.StatusCode).ToList();
            Assert.True(codes.All(c => c < 500), string.Join(", ", codes));
            Assert.Equal(0L, await fixture.ScalarAsync<long>(
                """
                SELECT count(*) FROM sandboxmetadatadb."sb_EntityMapping" m
                WHERE m."EntityId" = ANY($1)
                """, (object)pairs.Select(p => $"Job:{p.Job}").ToArray()));
        }
    }
}
