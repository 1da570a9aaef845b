using System.Text.Json;
using System.Text.Json.Nodes;
using DiracX.Core.Configuration;
using static DiracX.Core.Tests.Configuration.ConfigSamples;

namespace DiracX.Core.Tests.Configuration;

public class ConfigParserTests
{
    private readonly ConfigSchema _schema = new();

    [Fact]
    public void A_valid_file_becomes_typed_records()
    {
        var config = ConfigParser.Parse(Valid, _schema);

        var lhcb = config.Registry["lhcb"];
        Assert.Equal("https://idp.example.org/.well-known/openid-configuration", lhcb.IdP.ServerMetadataUrl);
        Assert.Equal("chaen", lhcb.Users[Chaen].PreferedUsername);
        Assert.Equal(Alice, lhcb.SubFromPreferredUsername("alice"));
        Assert.Equal(500, lhcb.Groups["lhcb_admin"].JobShare);
        Assert.True(lhcb.Groups["lhcb_admin"].AutoAddVOMS);
        Assert.Equal(["JobAdministrator", "NormalUser"], lhcb.Groups["lhcb_admin"].Properties);
        Assert.Equal(1000, lhcb.Groups["lhcb_user"].JobShare);
        Assert.Equal(43200, lhcb.DefaultProxyLifeTime);
    }

    [Fact]
    public void Operations_defaults_are_merged_recursively_into_each_vo_and_removed()
    {
        var config = ConfigParser.Parse(Valid, _schema);

        Assert.False(config.Operations.ContainsKey("Defaults"));
        var lhcb = config.Operations["lhcb"];
        Assert.False(lhcb.Services.JobMonitoring.GlobalJobsInfo);
        Assert.Equal(1000, lhcb.JobDescription.MaxCPUTime);
        Assert.Equal(2, lhcb.JobDescription.DefaultPriority);
        Assert.Equal(3, lhcb.Services.JobScheduling.MaxRescheduling);
        Assert.Equal("chaen", lhcb.Shifter!["DataManager"].GetProperty("User").GetString());
    }

    [Fact]
    public void Every_vo_of_the_registry_gets_an_operations_entry_even_without_one()
    {
        var raw = ValidTree();
        raw["Registry"]!["dteam"] = raw["Registry"]!["lhcb"]!.DeepClone();

        var config = ConfigParser.FromJson(raw, _schema);

        Assert.Equal(1000, config.Operations["dteam"].JobDescription.MaxCPUTime);
        Assert.Equal(1, config.Operations["dteam"].JobDescription.DefaultPriority);
    }

    [Fact]
    public void Serialised_config_has_DiracX_keys_and_defaults()
    {
        var json = JsonNode.Parse(JsonSerializer.Serialize(ConfigParser.Parse(Valid, _schema)))!.AsObject();

        Assert.Equal(["DIRAC", "Operations", "Registry", "Resources", "LocalSite", "LogLevel", "MCTestingDestination", "Systems", "WebApp"],
            json.Select(p => p.Key));
        Assert.False(json["DIRAC"]!["NoSetup"]!.GetValue<bool>());
        var lhcb = json["Registry"]!["lhcb"]!;
        Assert.Equal("Please contact system administrator", lhcb["Support"]!["Message"]!.GetValue<string>());
        Assert.Null(lhcb["Support"]!["Email"]);
        Assert.Equal("diracx-client", lhcb["IdP"]!["ClientID"]!.GetValue<string>());
        Assert.True(lhcb.AsObject().ContainsKey("VOMSName") && lhcb["VOMSName"] is null);
        Assert.Equal(["JobAdministrator", "NormalUser"], lhcb["Groups"]!["lhcb_admin"]!["Properties"]!.AsArray().Select(n => n!.GetValue<string>()));
        var users = lhcb["Users"]![Chaen]!;
        Assert.Equal(["PreferedUsername", "DNs", "Email", "Suspended", "Quota"], users.AsObject().Select(p => p.Key));
        var operations = json["Operations"]!["lhcb"]!;
        Assert.True(operations["Services"]!["JobMonitoring"]!.AsObject().ContainsKey("GlobalJobsInfo"));
        Assert.Equal("Default = DIRAC.WorkloadManagementSystem.Client.InputDataByProtocol", operations["InputDataPolicy"]!["Default"]!.GetValue<string>());
        Assert.Equal(["User", "Test", "Hospital"], operations["JobDescription"]!["AllowedJobTypes"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Null(operations["Cloud"]);
    }

    [Fact]
    public void Untyped_sections_and_resources_round_trip_unchanged()
    {
        var config = ConfigParser.Parse(Valid, _schema);
        var json = JsonNode.Parse(JsonSerializer.Serialize(config))!;

        Assert.True(json["Resources"]!.AsObject().ContainsKey("Sites"), json["Resources"]!.ToJsonString());
        Assert.Equal(3600, json["Systems"]!["WorkloadManagement"]!["Agents"]!["JobCleaningAgent"]!["PollingTime"]!.GetValue<long>());
        Assert.Equal("HTCondorCE", json["Resources"]!["Sites"]!["LCG"]!["LCG.CERN.cern"]!["CEs"]!["ce1.cern.ch"]!["CEType"]!.GetValue<string>());
        Assert.Equal("EOS", config.Resources.StorageElementsJson!.Value.GetProperty("CERN-DST").GetProperty("BackendType").GetString());
        Assert.NotNull(config.Resources.SitesJson);
    }

    [Fact]
    public void Platforms_are_made_compatible_with_themselves()
    {
        var config = ConfigParser.Parse(Valid, _schema);

        Assert.Equal(["el8", "el9", "x86_64-el9"], config.Resources.Computing.OSCompatibility["x86_64-el9"]);
    }

    [Fact]
    public void The_served_json_deserialises_back_to_the_same_config()
    {
        var config = ConfigParser.Parse(Valid, _schema);
        var json = JsonSerializer.Serialize(config);

        var again = JsonSerializer.Deserialize<Config>(json)!;

        Assert.Equal(json, JsonSerializer.Serialize(again));
    }
}
