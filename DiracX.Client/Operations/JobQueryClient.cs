using System.Net.Http.Json;
using System.Text.Json.Nodes;
using DiracX.Core.Models;

namespace DiracX.Client.Operations;

/// <summary>One page of a job search: the rows and the <c>Content-Range</c> header (<c>jobs 0-9/20</c>) when partial.</summary>
/// <param name="Rows">The jobs, one JSON object per job with the requested parameters.</param>
/// <param name="ContentRange">The header of a partial (206) answer; null when all jobs were returned.</param>
public sealed record JobSearchPage(JsonArray Rows, string? ContentRange)
{
    /// <summary>The total number of matching jobs from <see cref="ContentRange"/>, or the number of rows.</summary>
    public long Total => ContentRange?.Split('/') is [_, var total] && long.TryParse(total, out var t) ? t : Rows.Count;
}

/// <summary>
/// <c>POST /api/jobs/search</c> and <c>POST /api/jobs/summary</c>, whose free-form rows and <c>Content-Range</c> header
/// the generated client does not expose (DiracX patches them too).
/// </summary>
public sealed class JobQueryClient(HttpClient http)
{
    /// <summary>Searches jobs; an empty page past the end (416) gives no rows.</summary>
    public async Task<JobSearchPage> SearchAsync(SearchParams body, int page = 1, int perPage = 100, CancellationToken cancellationToken = default)
    {
        using var response = await http.PostAsJsonAsync(new Uri($"api/jobs/search?page={page}&per_page={perPage}", UriKind.Relative), body, cancellationToken)
            .ConfigureAwait(false);
        if ((int)response.StatusCode == 416)
        {
            return new JobSearchPage([], response.Content.Headers.TryGetValues("Content-Range", out var r) ? r.First() : null);
        }
        await TokenClient.EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        var rows = await response.Content.ReadFromJsonAsync<JsonArray>(cancellationToken).ConfigureAwait(false) ?? [];
        string? range = null;
        if (response.Headers.TryGetValues("Content-Range", out var values) || response.Content.Headers.TryGetValues("Content-Range", out values))
        {
            range = values.First();
        }
        return new JobSearchPage(rows, range);
    }

    /// <summary>Counts jobs grouped by <see cref="SummaryParams.Grouping"/>.</summary>
    public async Task<JsonArray> SummaryAsync(SummaryParams body, CancellationToken cancellationToken = default)
    {
        using var response = await http.PostAsJsonAsync(new Uri("api/jobs/summary", UriKind.Relative), body, cancellationToken).ConfigureAwait(false);
        await TokenClient.EnsureSuccessAsync(response, cancellationToken).ConfigureAwait(false);
        return await response.Content.ReadFromJsonAsync<JsonArray>(cancellationToken).ConfigureAwait(false) ?? [];
    }
}
