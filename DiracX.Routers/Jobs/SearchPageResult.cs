using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using DiracX.Core.Serialization;
using DiracX.Db.Search;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

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
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        using (page)
        {
            if (page.ContentRange is { } range)
            {
                httpContext.Response.Headers.ContentRange = range;
            }
            if (page.Json is { } rows && page.Kind != SearchPageKind.OutOfRange)
            {
                await WriteAsync(httpContext, rows.Utf8);
                return;
            }
            IResult json = page.Kind == SearchPageKind.OutOfRange
                ? TypedResults.Json(Array.Empty<object>(), statusCode: StatusCode)
                : TypedResults.Json(page.Rows, RowOptions(httpContext), statusCode: StatusCode);
            await json.ExecuteAsync(httpContext);
        }
    }

    // Rows the search already wrote as JSON go out as they are, copied once into the response's pipe.
    private async Task WriteAsync(HttpContext httpContext, ReadOnlySequence<byte> utf8)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCode!.Value;
        response.ContentType = "application/json; charset=utf-8";
        response.ContentLength = utf8.Length;
        foreach (var segment in utf8)
        {
            response.BodyWriter.Write(segment.Span);
        }
        await response.BodyWriter.FlushAsync(httpContext.RequestAborted);
    }

    private static readonly ConditionalWeakTable<JsonSerializerOptions, JsonSerializerOptions> s_rowOptions = [];

    /// <summary>
    /// The application's JSON options plus <see cref="ResultRowConverter"/>, which writes a page's values directly.
    /// Only here: registered globally, the converter would hide the rows' shape from the OpenAPI document.
    /// </summary>
    private static JsonSerializerOptions RowOptions(HttpContext httpContext)
    {
        var options = httpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        return s_rowOptions.GetValue(options, o => new JsonSerializerOptions(o) { Converters = { new ResultRowConverter() } });
    }
}
