using System.Globalization;
using DiracX.Logic.ResourceStatus;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Net.Http.Headers;

namespace DiracX.Routers.ResourceStatus;

/// <summary>
/// A caller's view of resource statuses with DiracX's caching headers: <c>ETag: &lt;revision&gt;-&lt;vo&gt;</c> (unquoted,
/// as DiracX sends it), <c>Last-Modified</c>, <c>Vary: Authorization</c> (the same URL serves each VO its own view);
/// 304 with the same headers and no body when <c>If-None-Match</c> names the ETag, or, without a matching one, when
/// <c>If-Modified-Since</c> is later than the view's last change.
/// </summary>
public sealed class CachedStatusResult<T>(ResourceStatusView<T> view, string vo) : IResult, IStatusCodeHttpResult, IEndpointMetadataProvider
{
    /// <summary>The ETag of the view.</summary>
    public string ETag { get; } = $"{view.Revision}-{vo}";

    /// <inheritdoc />
    public int? StatusCode => null;

    /// <summary>The statuses by name.</summary>
    public IReadOnlyDictionary<string, T> Value => view.Statuses;

    /// <inheritdoc />
    public static void PopulateMetadata(System.Reflection.MethodInfo method, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new ProducesResponseTypeMetadata(
            StatusCodes.Status200OK, typeof(Dictionary<string, T>), ["application/json"]));
    }

    /// <inheritdoc />
    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var headers = httpContext.Response.Headers;
        headers.ETag = ETag;
        headers.LastModified = view.Modified.ToUniversalTime().ToString("ddd, dd MMM yyyy HH:mm:ss 'GMT'", CultureInfo.InvariantCulture);
        headers.Vary = "Authorization";
        if (NotModified(httpContext.Request))
        {
            httpContext.Response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }
        return TypedResults.Json(view.Statuses).ExecuteAsync(httpContext);
    }

    private bool NotModified(HttpRequest request)
    {
        var ifNoneMatch = request.Headers.IfNoneMatch.ToString();
        if (ifNoneMatch.Length > 0 && ifNoneMatch.Split(',').Select(Unquote).Any(tag => tag == ETag || tag == "*"))
        {
            return true;
        }
        var ifModifiedSince = request.Headers.IfModifiedSince.ToString();
        return ifModifiedSince.Length > 0 && HeaderUtilities.TryParseDate(ifModifiedSince, out var since) && since > view.Modified;
    }

    private static string Unquote(string tag)
    {
        var t = tag.Trim();
        if (t.StartsWith("W/", StringComparison.Ordinal))
        {
            t = t[2..];
        }
        return t.Length >= 2 && t[0] == '"' && t[^1] == '"' ? t[1..^1] : t;
    }
}
