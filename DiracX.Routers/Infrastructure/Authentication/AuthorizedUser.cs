using System.Reflection;
using DiracX.Core.Security;

namespace DiracX.Routers.Infrastructure.Authentication;

/// <summary>
/// The verified caller of an authenticated route, as a handler parameter. Bound from the access token that
/// <see cref="BearerAuthenticationMiddleware"/> verified; a handler on an open route cannot ask for it.
/// </summary>
public sealed class AuthorizedUser(AccessTokenPayload token, string bearerToken)
{
    private const string ItemKey = "DiracX.AuthorizedUser";

    /// <summary>The verified claims.</summary>
    public AccessTokenPayload Token { get; } = token;

    /// <summary><c>&lt;vo&gt;:&lt;idp sub&gt;</c>.</summary>
    public string Sub => Token.Sub;

    /// <summary>The VO.</summary>
    public string Vo => Token.Vo;

    /// <summary>The DIRAC group.</summary>
    public string DiracGroup => Token.DiracGroup;

    /// <summary>The user name that owns jobs.</summary>
    public string PreferredUsername => Token.PreferredUsername;

    /// <summary>The security properties of the token.</summary>
    public IReadOnlyList<string> Properties => Token.DiracProperties;

    /// <summary>The raw token, for forwarding only (never log it).</summary>
    internal string BearerToken { get; } = bearerToken;

    /// <summary>Whether the token holds a property.</summary>
    public bool Has(string property) => Token.DiracProperties.Contains(property, StringComparer.Ordinal);

    internal void Attach(HttpContext context) => context.Items[ItemKey] = this;

    /// <summary>The user of the request, or null on an open route.</summary>
    public static AuthorizedUser? Of(HttpContext context) => context.Items.TryGetValue(ItemKey, out var user) ? user as AuthorizedUser : null;

    /// <summary>Minimal-API binding: the verified user, or an error when the route does not authenticate.</summary>
    public static ValueTask<AuthorizedUser?> BindAsync(HttpContext context, ParameterInfo parameter) =>
        ValueTask.FromResult<AuthorizedUser?>(Of(context) ?? throw new InvalidOperationException(
            $"{parameter.Member.Name} asks for the user, but its route is declared open"));
}
