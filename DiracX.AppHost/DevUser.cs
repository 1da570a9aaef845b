using Microsoft.Extensions.Configuration;

namespace DiracX.AppHost;

/// <summary>
/// A DevIdp user of the development stack (configuration <c>DevIdp:Users</c>), registered by subject in the config
/// repository under its VO, in its groups (the first is the one a login without a <c>group:</c> scope would need to be
/// the VO's default group, <c>&lt;vo&gt;_user</c>).
/// </summary>
public sealed record DevUser(string Username, string Password, string Subject, string Email, string Vo, IReadOnlyList<string> Groups)
{
    /// <summary>The default password of every development user.</summary>
    public const string DefaultPassword = "password";

    /// <summary>
    /// The development users when none are configured: one for each role the systems need. Logins use the scope
    /// <c>vo:&lt;vo&gt;</c>, plus <c>group:&lt;group&gt;</c> for a group other than the VO's default group.
    /// </summary>
    public static IReadOnlyList<DevUser> Defaults { get; } =
    [
        new("alice", DefaultPassword, "b824d4dc-1f9d-4ee8-8df5-c0ae55d46041", "alice@example.com", ConfigRepository.Vo, ["lhcb_user"]),
        new("bob", DefaultPassword, "4f1d6c57-2b7a-4e0f-9c3d-8a5b6e7f9012", "bob@example.com", ConfigRepository.Vo, ["lhcb_user"]),
        new("jobadmin", DefaultPassword, "c935e5ed-2f0e-5ff9-9ef1-d1bf66e57152", "jobadmin@example.com", ConfigRepository.Vo, ["lhcb_user", "lhcb_admin"]),
        new("serviceadmin", DefaultPassword, "7a2b9c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d", "serviceadmin@example.com", ConfigRepository.Vo, ["lhcb_service"]),
        new("pilot", DefaultPassword, "e3d2c1b0-a9f8-4e7d-b6c5-d4e3f2a1b0c9", "pilot@example.com", ConfigRepository.Vo, ["lhcb_pilot"]),
        new("carol", DefaultPassword, "0b6e7f1c-3a5d-4c2e-9f8a-1d2c3b4a5e6f", "carol@example.com", ConfigRepository.SecondVo, ["gridpp_user"]),
    ];

    /// <summary>
    /// The users from configuration (<c>DevIdp:Users:&lt;i&gt;:{Username,Password,Subject,Email,Vo,Groups:&lt;j&gt;}</c>;
    /// VO default <c>lhcb</c>, groups default the VO's default group), or <see cref="Defaults"/>.
    /// </summary>
    public static IReadOnlyList<DevUser> FromConfiguration(IConfiguration configuration)
    {
        var users = configuration.GetSection("DevIdp:Users").GetChildren()
            .Select(u =>
            {
                var vo = u["Vo"] ?? ConfigRepository.Vo;
                var groups = u.GetSection("Groups").GetChildren().Select(g => g.Value ?? "").Where(g => g.Length > 0).ToList();
                return new DevUser(u["Username"] ?? "", u["Password"] ?? "", u["Subject"] ?? "", u["Email"] ?? "", vo,
                    groups.Count > 0 ? groups : [ConfigRepository.DefaultGroupOf(vo)]);
            })
            .Where(u => u.Username.Length > 0 && u.Subject.Length > 0).ToList();
        return users.Count > 0 ? users : Defaults;
    }
}
