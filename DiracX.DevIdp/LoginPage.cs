using System.Text;
using System.Text.Encodings.Web;

namespace DiracX.DevIdp;

/// <summary>The HTML login form; it posts the original authorization request back with the credentials.</summary>
public static class LoginPage
{
    /// <summary>The form, with the request's parameters as hidden fields (401 when <paramref name="error"/> is set).</summary>
    public static IResult Render(IEnumerable<KeyValuePair<string, string?>> parameters, string? username, string? error)
    {
        var html = HtmlEncoder.Default;
        var page = new StringBuilder();
        page.Append("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>DiracX DevIdp login</title></head><body>")
            .Append("<h1>DiracX development identity provider</h1>");
        if (error is not null)
        {
            page.Append("<p role=\"alert\">").Append(html.Encode(error)).Append("</p>");
        }
        page.Append("<form method=\"post\" action=\"").Append(DevIdpServer.AuthorizePath).Append("\">");
        foreach (var (name, value) in parameters)
        {
            page.Append("<input type=\"hidden\" name=\"").Append(html.Encode(name)).Append("\" value=\"")
                .Append(html.Encode(value ?? "")).Append("\">");
        }
        page.Append("<label>Username <input name=\"username\" autocomplete=\"username\" value=\"").Append(html.Encode(username ?? "")).Append("\"></label>")
            .Append("<label>Password <input name=\"password\" type=\"password\" autocomplete=\"current-password\"></label>")
            .Append("<button type=\"submit\">Log in</button></form></body></html>");
        return Results.Content(page.ToString(), "text/html; charset=utf-8",
            statusCode: error is null ? StatusCodes.Status200OK : StatusCodes.Status401Unauthorized);
    }
}
