namespace DiracX.DevIdp;

/// <summary>Settings of the development identity provider (configuration section <c>DevIdp</c>).</summary>
public sealed class DevIdpOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "DevIdp";

    /// <summary>The client id of the one public client (DiracX's <c>Registry/&lt;VO&gt;/IdP/ClientID</c>).</summary>
    public string ClientId { get; set; } = "diracx-dev";

    /// <summary>Redirect URIs accepted for the client, compared exactly.</summary>
    public List<string> RedirectUris { get; set; } = [];

    /// <summary>The users who may log in; when none are configured, <see cref="DevIdpUser.Default"/> is the only one.</summary>
    public List<DevIdpUser> Users { get; set; } = [];

    /// <summary>A username logged in without a form (development only); null shows the login form.</summary>
    public string? AutoLoginUser { get; set; }

    /// <summary>The issuer (<c>iss</c>); null uses the URL that the request came in on.</summary>
    public Uri? Issuer { get; set; }

    /// <summary>The configured users, or the default user when none are configured.</summary>
    public IReadOnlyList<DevIdpUser> EffectiveUsers => Users.Count > 0 ? Users : [DevIdpUser.Default];

    /// <summary>The user with this username and password, or null.</summary>
    public DevIdpUser? FindUser(string? username, string? password) =>
        username is null || password is null ? null
            : EffectiveUsers.FirstOrDefault(u => u.Username == username && u.Password == password);
}

/// <summary>A user of the development identity provider.</summary>
public sealed class DevIdpUser
{
    /// <summary>The user of a DevIdp without configured users: <c>admin</c> / <c>password</c>.</summary>
    public static DevIdpUser Default { get; } = new()
    {
        Username = "admin",
        Password = "password",
        Subject = "b824d4dc-1f9d-4ee8-8df5-c0ae55d46041",
        Email = "admin@example.com",
    };

    /// <summary>The login name, sent as <c>preferred_username</c>.</summary>
    public string Username { get; set; } = "";

    /// <summary>The password (plain text: this is a development tool).</summary>
    public string Password { get; set; } = "";

    /// <summary>The stable subject (<c>sub</c>), the key of the user in DiracX's <c>Registry/&lt;VO&gt;/Users</c>.</summary>
    public string Subject { get; set; } = "";

    /// <summary>The e-mail address (<c>email</c>).</summary>
    public string Email { get; set; } = "";
}
