using DiracX.Core.Errors;
using DiracX.Core.Validation;

namespace DiracX.Routers.Hardening;

/// <summary>
/// The query-string, path and form counterpart of <see cref="HostileInputJson"/>: a value breaking
/// <see cref="InputText"/>'s rules (a NUL, a lone surrogate, more than 64 KiB) is a 422 naming it
/// (<c>["query", "scope"]</c>) before any handler runs. URL decoding turns invalid UTF-8 into U+FFFD, so a lone surrogate
/// cannot arrive this way; a NUL (<c>%00</c>) can, and PostgreSQL cannot store it.
/// </summary>
public sealed class InputGuardMiddleware(RequestDelegate next)
{
    /// <summary>Checks the query, route values and form, then calls the next middleware.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        foreach (var (name, values) in context.Request.Query)
        {
            Check("query", name, values);
        }
        foreach (var (name, value) in context.Request.RouteValues)
        {
            if (value is string text)
            {
                Check("path", name, [text]);
            }
        }
        if (context.GetEndpoint() is not null && context.Request.HasFormContentType)
        {
            IFormCollection form;
            try
            {
                form = await context.Request.ReadFormAsync(context.RequestAborted);
            }
            catch (InvalidDataException)
            {
                form = FormCollection.Empty; // malformed: the endpoint's binding refuses it as before
            }
            foreach (var (name, values) in form)
            {
                Check("body", name, values);
            }
        }
        await next(context);
    }

    private static void Check(string source, string name, IEnumerable<string?> values)
    {
        foreach (var candidate in values.Prepend(name))
        {
            if (candidate is not null && InputText.Problem(candidate) is { } problem)
            {
                throw new RequestValidationException(new ValidationProblem([source, InputText.Problem(name) is null ? name : "?"], problem, "string_invalid"));
            }
        }
    }
}
