using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace DiracX.Routers.Tests.Jobs;

/// <summary>
/// Search pages are written into pooled segments and returned to the pool once sent: a page larger than one segment
/// must arrive whole, and pages written at the same time must not share or overwrite each other's segments.
/// </summary>
public class SearchPageWriteTests(JobsFixture fixture) : IClassFixture<JobsFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<(HttpResponseMessage Response, byte[] Body)> SearchAsync(IEnumerable<long> ids)
    {
        var body = new
        {
            search = new[] { new { parameter = "JobID", @operator = "in", values = ids } },
            sort = new[] { new { parameter = "JobID", direction = "asc" } },
        };
        var response = await fixture.User.PostAsJsonAsync("/api/jobs/search?page=1&per_page=1000", body, Ct);
        return (response, await response.Content.ReadAsByteArrayAsync(Ct));
    }

    private static long[] JobIds(byte[] body) =>
        [.. JsonSerializer.Deserialize<JsonElement[]>(body)!.Select(row => row.GetProperty("JobID").GetInt64())];

    [Fact]
    public async Task A_page_larger_than_a_segment_arrives_whole()
    {
        var jobs = await fixture.SubmitAsync(150);

        var (response, body) = await SearchAsync(jobs);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(body.Length > 64 * 1024, $"the page is only {body.Length} bytes: too small to span segments");
        Assert.Equal(body.Length, response.Content.Headers.ContentLength);
        Assert.Equal(jobs.Order(), JobIds(body));
    }

    [Fact]
    public async Task Pages_written_at_the_same_time_keep_their_own_rows()
    {
        var jobs = await fixture.SubmitAsync(400);
        var slices = jobs.Chunk(50).ToArray();

        for (var round = 0; round < 3; round++)
        {
            var pages = await Task.WhenAll(slices.Select(SearchAsync));

            for (var i = 0; i < slices.Length; i++)
            {
                Assert.Equal(HttpStatusCode.OK, pages[i].Response.StatusCode);
                Assert.Equal(slices[i].Order(), JobIds(pages[i].Body));
            }
        }
    }
}
