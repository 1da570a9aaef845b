using Microsoft.Extensions.Configuration;

namespace DiracX.AppHost;

/// <summary>A DevIdp user of the development stack (configuration <c>DevIdp:Users</c>), registered in the VO by subject.</summary>
public sealed record DevUser(string Username, string Password, string Subject, string Email)
{
    /// <summary>The development user when none is configured (the DevIdp's own default).</summary>
    public static DevUser Default { get; } = new("admin", "password", "b824d4dc-1f9d-4ee8-8df5-c0ae55d46041", "admin@example.com");

    /// <summary>The users from configuration, or <see cref="Default"/>.</summary>
    public static IReadOnlyList<DevUser> FromConfiguration(IConfiguration configuration)
    {
        var users = configuration.GetSection("DevIdp:Users").GetChildren()
            .Select(u => new DevUser(u["Username"] ?? "", u["Password"] ?? "", u["Subject"] ?? "", u["Email"] ?? ""))
            .Where(u => u.Username.Length > 0 && u.Subject.Length > 0).ToList();
        return users.Count > 0 ? users : [Default];
    }
}
