using DiracX.Db.Search;

namespace DiracX.Routers.Jobs;

/// <summary>
/// A page of search results as DiracX sends it: 200 with the rows when complete, 206 with the rows and
/// <c>Content-Range</c> when partial, 416 with <c>[]</c> and <c>Content-Range: &lt;unit&gt; */N</c> past the end.
/// </summary>
public sealed class SearchPageResult(SearchPage page) : IResult, IStatusCodeHttpResult
{
    /// <inheritdoc />
    public int? StatusCode => page.Kind switch
    {
        SearchPageKind.Partial => StatusCodes.Status206PartialContent,
        SearchPageKind.OutOfRange => StatusCodes.Status416RangeNotSatisfiable,
        _ => StatusCodes.Status200OK,
    };

    /// <inheritdoc />
    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        if (page.ContentRange is { } range)
        {
            httpContext.Response.Headers.ContentRange = range;
        }
        IResult json = page.Kind == SearchPageKind.OutOfRange
            ? TypedResults.Json(Array.Empty<object>(), statusCode: StatusCode)
            : TypedResults.Json(page.Rows, statusCode: StatusCode);
        return json.ExecuteAsync(httpContext);
    }
}
