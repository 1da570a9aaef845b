using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.WebUtilities;

namespace DiracX.Routers.Infrastructure.Errors;

/// <summary>Gives bodiless error responses (unknown path, wrong method) FastAPI's <c>{"detail": "Not Found"}</c>.</summary>
public static class StatusCodeBodies
{
    /// <summary>Writes <c>{"detail": "&lt;reason phrase&gt;"}</c> for a response that has no body yet.</summary>
    public static Task WriteAsync(StatusCodeContext context)
    {
        var response = context.HttpContext.Response;
        var reason = ReasonPhrases.GetReasonPhrase(response.StatusCode);
        return response.WriteAsJsonAsync(ErrorBodies.Detail(reason.Length > 0 ? reason : "Error"), context.HttpContext.RequestAborted);
    }
}
