using DiracX.Core.Modules;
using DiracX.Routers.Infrastructure.Hosting;
using DiracX.Testing;
using Gubbins.Core;
using Gubbins.Routers;

namespace Gubbins.Tests;

/// <summary>What Gubbins' tests share: DiracX's modules plus Gubbins', its configuration and identities.</summary>
public static class GubbinsApp
{
    /// <summary>The routers' modules, as DIRACX_EXTENSIONS makes them: DiracX's, then Gubbins'.</summary>
    public static IReadOnlyList<IDiracXModule> Modules { get; } = [.. DiracXModules.BuiltIn, new GubbinsRoutersModule()];

    /// <summary>A lhcb user with Gubbins' property.</summary>
    public static TestIdentity Sensei { get; } = TestIdentity.NormalUser with
    {
        DiracGroup = "lhcb_sensei", Properties = ["NormalUser", GubbinsProperties.GubbinsSensei],
    };

    /// <summary>DiracX's test configuration with Gubbins' field on chaen and a group granting GubbinsSensei.</summary>
    public static string Config { get; } = TestConfigs.Default
        .Replace("{PreferedUsername: chaen, Email: chaen@lhcb.example}",
            "{PreferedUsername: chaen, Email: chaen@lhcb.example, GubbinsSpecificInfo: chaen-lollygags}", StringComparison.Ordinal)
        .Replace("      lhcb_prmgr:", $"      lhcb_sensei:\n        Properties: [NormalUser, {GubbinsProperties.GubbinsSensei}]\n        Users: [{TestIdentity.NormalUser.IdpSubject}]\n      lhcb_prmgr:", StringComparison.Ordinal);

    /// <summary>Starts DiracX's routers with Gubbins (in memory, on a fresh database migrated with Gubbins' contexts).</summary>
    public static async Task<(DiracXTestApp App, TestConfigRepository Config)> StartAsync(CancellationToken cancellationToken)
    {
        var (config, _) = await TestConfigRepository.CreateAsync(Config, cancellationToken);
        var app = await DiracXTestApp.StartAsync(Modules, new Dictionary<string, string?>
        {
            ["DiracX:Config:BackendUrl"] = config.Url,
            ["DiracX:Services:Sandboxes:Enabled"] = "false",
        }, cancellationToken: cancellationToken);
        return (app, config);
    }
}
