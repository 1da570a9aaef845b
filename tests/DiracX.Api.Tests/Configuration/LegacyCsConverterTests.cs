using System.Text.Json.Nodes;
using DiracX.Api.Configuration;
using DiracX.Core.Configuration;

namespace DiracX.Api.Tests.Configuration;

public class LegacyCsConverterTests
{
    private const string Chaen = "6e1b3e4a-0c1d-4f4e-9b1e-5a1c2d3e4f50";
    private const string Alice = "0d6f8c1e-77a2-4c8e-9a35-2f1b6f0e9c11";
    private readonly ConfigSchema _schema = new();

    private JsonNode Converted(out IReadOnlyList<string> warnings)
    {
        var result = LegacyCsConverter.Convert(LegacyCfgSample.Cfg, _schema);
        warnings = result.Warnings;
        return ConfigYaml.Parse(result.Yaml)!;
    }

    [Fact]
    public void A_realistic_cfg_becomes_one_registry_per_vo_keyed_by_subject()
    {
        var yaml = Converted(out _);

        var lhcb = yaml["Registry"]!["lhcb"]!;
        Assert.Equal("lhcb_user", lhcb["DefaultGroup"]!.GetValue<string>());
        Assert.Equal("https://auth.example.org/realms/lhcb", lhcb["IdP"]!["URL"]!.GetValue<string>());
        Assert.Equal("Ask on the LHCb forum", lhcb["Support"]!["Message"]!.GetValue<string>());
        Assert.Equal(86400, lhcb["DefaultProxyLifeTime"]!.GetValue<long>());
        Assert.Equal("lhcb", lhcb["VOMSName"]!.GetValue<string>());
        Assert.Equal([Alice, Chaen], Strings(lhcb["Groups"]!["lhcb_user"]!["Users"]));
        Assert.Equal(200, lhcb["Groups"]!["lhcb_user"]!["JobShare"]!.GetValue<long>());
        Assert.True(lhcb["Groups"]!["lhcb_user"]!["AutoUploadProxy"]!.GetValue<bool>());
        Assert.Equal(["JobAdministrator", "NormalUser", "ProxyManagement"], Strings(lhcb["Groups"]!["lhcb_admin"]!["Properties"]));
        Assert.False(lhcb["Groups"]!["lhcb_admin"]!.AsObject().ContainsKey("IdPRole"));
        Assert.Equal(["dteam_user"], yaml["Registry"]!["dteam"]!["Groups"]!.AsObject().Select(p => p.Key));
    }

    [Fact]
    public void Users_get_their_nickname_as_preferred_username_and_lose_DIRAC_only_fields()
    {
        var users = Converted(out _)["Registry"]!["lhcb"]!["Users"]!.AsObject();

        Assert.Equal([Alice, Chaen], users.Select(p => p.Key));
        Assert.Equal("chaen", users[Chaen]!["PreferedUsername"]!.GetValue<string>());
        Assert.Equal(["/DC=ch/DC=cern/OU=Users/CN=chaen"], Strings(users[Chaen]!["DNs"]));
        Assert.False(users[Chaen]!.AsObject().ContainsKey("CA"));
        Assert.Equal(500, users[Alice]!["Quota"]!.GetValue<long>());
        Assert.Equal("7a2b3c4d-5e6f-4071-8293-a4b5c6d7e8f9",
            Converted(out _)["Registry"]!["dteam"]!["Users"]!.AsObject().Single().Key);
    }

    [Fact]
    public void Dips_only_settings_go_and_the_rest_is_kept_as_written()
    {
        var yaml = Converted(out var warnings);

        Assert.False(yaml.AsObject().ContainsKey("DiracX"));
        Assert.Empty(yaml["DIRAC"]!.AsObject());
        Assert.Equal(["Defaults", "dteam", "lhcb"], yaml["Operations"]!.AsObject().Select(p => p.Key));
        Assert.Equal(["User", "Test", "MCSimulation"], Strings(yaml["Operations"]!["Defaults"]!["JobDescription"]!["AllowedJobTypes"]));
        Assert.False(yaml["Operations"]!["Defaults"]!["Services"]!["JobMonitoring"]!["GlobalJobsInfo"]!.GetValue<bool>());
        Assert.Equal(["https", "root"], Strings(yaml["Operations"]!["lhcb"]!["InputDataPolicy"]!["Protocols"]!["Remote"]));
        Assert.Equal("JobAdministrator, NormalUser",
            yaml["Systems"]!["WorkloadManagement"]!["Production"]!["Services"]!["JobManager"]!["Authorization"]!["getJobs"]!.GetValue<string>());
        Assert.Equal(["el8", "el9", "x86_64-el9"], Strings(yaml["Resources"]!["Computing"]!["OSCompatibility"]!["x86_64-el9"]));
        Assert.Equal("HTCondorCE", yaml["Resources"]!["Sites"]!["LCG"]!["LCG.CERN.cern"]!["CEs"]!["ce1.cern.ch"]!["CEType"]!.GetValue<string>());
        Assert.Equal(["atlas don't have a migration config, ignoring", "Can't convert group orphans because it is not associated to any VO"], warnings);
    }

    [Fact]
    public void Settings_DiracX_cannot_hold_are_reported_with_their_path()
    {
        var cfg = LegacyCfgSample.Cfg.Replace("DIRAC\n{\n", "DIRAC\n{\n  Setup = LHCb-Production\n", StringComparison.Ordinal)
            .Replace("Properties = TrustedHost", "Properties = Wizard", StringComparison.Ordinal)
            .Replace("Properties = NormalUser\n      VO = dteam", "Properties = Wizard\n      VO = dteam", StringComparison.Ordinal);

        var error = Assert.Throws<ConfigValidationException>(() => LegacyCsConverter.Convert(cfg, _schema));

        Assert.Equal(["DIRAC.Setup: unknown key", "Registry.dteam.Groups.dteam_user.Properties: unknown property 'Wizard'"], error.Problems);
    }

    [Fact]
    public void Disabled_vos_cannot_be_set_while_legacy_clients_are_enabled()
    {
        var cfg = LegacyCfgSample.Cfg.Replace("DisabledVOs =", "DisabledVOs = dteam", StringComparison.Ordinal);

        var error = Assert.Throws<ConfigException>(() => LegacyCsConverter.Convert(cfg, _schema));

        Assert.Equal("DisabledVOs cannot be set if any Legacy clients are enabled", error.Message);
    }

    [Fact]
    public void Missing_migration_settings_are_reported()
    {
        var cfg = LegacyCfgSample.Cfg.Replace("ClientID = dteam-diracx", "", StringComparison.Ordinal)
            .Replace("DefaultGroup = dteam_user", "", StringComparison.Ordinal);

        var error = Assert.Throws<ConfigValidationException>(() => LegacyCsConverter.Convert(cfg, _schema));

        Assert.Equal(["DiracX.CsSync.VOs.dteam.DefaultGroup: field required", "DiracX.CsSync.VOs.dteam.IdP.ClientID: field required"], error.Problems);
    }

    [Fact]
    public async Task The_converted_file_is_a_valid_default_yml()
    {
        var dir = Directory.CreateTempSubdirectory("diracx-cssync-");
        var cfgPath = Path.Combine(dir.FullName, "old.cfg");
        var yamlPath = Path.Combine(dir.FullName, "default.yml");
        await File.WriteAllTextAsync(cfgPath, LegacyCfgSample.Cfg, TestContext.Current.CancellationToken);

        await LegacyCsConverter.ConvertFileAsync(cfgPath, yamlPath, _schema, TestContext.Current.CancellationToken);
        var config = ConfigParser.Parse(await File.ReadAllTextAsync(yamlPath, TestContext.Current.CancellationToken), _schema);

        Assert.Equal(600000, config.Operations["lhcb"].JobDescription.MaxCPUTime);
        Assert.False(config.Operations["dteam"].Services.JobMonitoring.GlobalJobsInfo);
        Assert.Equal("alice", config.Registry["lhcb"].Users[Alice].PreferedUsername);
        dir.Delete(recursive: true);
    }

    private static List<string> Strings(JsonNode? node) => [.. node!.AsArray().Select(n => n!.GetValue<string>())];
}
