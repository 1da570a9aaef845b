using System.Text.Json;
using System.Text.Json.Nodes;

namespace DiracX.Client.Operations;

/// <summary>Reads DiracX's error bodies (<c>{"detail": ...}</c>).</summary>
public static class DiracXErrors
{
    /// <summary>
    /// Throws the DiracXApiException that DiracX's operations throw when <paramref name="response"/> is an
    /// error (an extension's client reports errors as DiracX's does).
    /// </summary>
    public static Task EnsureSuccessAsync(HttpResponseMessage response, CancellationToken cancellationToken = default) =>
        TokenClient.EnsureSuccessAsync(response, cancellationToken);

    /// <summary>The <c>detail</c> of an error body as text (a structured detail as compact JSON); null when absent.</summary>
    public static string? Detail(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }
        try
        {
            return JsonNode.Parse(body) is JsonObject o && o["detail"] is { } detail
                ? detail is JsonValue v && v.TryGetValue<string>(out var text) ? text : detail.ToJsonString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
