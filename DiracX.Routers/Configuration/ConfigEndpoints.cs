using System.Globalization;
using DiracX.Core.Configuration;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Net.Http.Headers;

namespace DiracX.Routers.Configuration;

/// <summary><c>GET /api/config/</c>: the whole configuration with DiracX's caching headers.</summary>
public static class ConfigEndpoints
{
    /// <summary>
    /// Serves the configuration. <c>ETag</c> is the commit sha, unquoted as DiracX sends it; <c>Last-Modified</c> the
    /// commit time. 304 (empty body, same headers) when <c>If-None-Match</c> names the sha (plain, quoted or weak); otherwise
    /// (no If-None-Match, or one that does not match, as DiracX) when <c>If-Modified-Since</c> parses and is strictly later than the commit (DiracX's rule); an unparsable date is
    /// ignored.
    /// </summary>
    [EndpointSummary("Serve config")]
    [EndpointDescription("The whole DiracX configuration, with ETag (commit sha) and Last-Modified; 304 when unchanged.")]
    public static Results<FileContentHttpResult, StatusCodeHttpResult> ServeConfig(HttpContext context, ConfigProvider provider, ConfigResponseCache cache)
    {
        var snapshot = provider.Current;
        var headers = context.Response.Headers;
        headers.ETag = snapshot.Revision;
        headers.LastModified = snapshot.Modified.ToUniversalTime().ToString("ddd, dd MMM yyyy HH:mm:ss 'GMT'", CultureInfo.InvariantCulture);
        return NotModified(context.Request, snapshot)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Bytes(cache.JsonOf(snapshot), "application/json");
    }

    private static bool NotModified(HttpRequest request, ConfigSnapshot snapshot)
    {
        var ifNoneMatch = request.Headers.IfNoneMatch.ToString();
        // As DiracX: a matching If-None-Match is 304; one that does not match falls through to If-Modified-Since.
        if (ifNoneMatch.Length > 0 && ifNoneMatch.Split(',').Select(Unquote).Any(tag => tag == snapshot.Revision || tag == "*"))
        {
            return true;
        }
        var ifModifiedSince = request.Headers.IfModifiedSince.ToString();
        return ifModifiedSince.Length > 0 && HeaderUtilities.TryParseDate(ifModifiedSince, out var since) && since > snapshot.Modified;
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
