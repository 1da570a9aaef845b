using System.Text.Json;
using System.Text.Json.Nodes;

namespace DiracX.Client.Operations;

/// <summary>Reads DiracX's error bodies (<c>{"detail": ...}</c>).</summary>
public static class DiracXErrors
{
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
