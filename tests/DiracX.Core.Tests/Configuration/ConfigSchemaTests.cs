using System.Text.Json;
using System.Text.Json.Nodes;
using DiracX.Core.Configuration;
using DiracX.Core.Security;
using static DiracX.Core.Tests.Configuration.ConfigSamples;

namespace DiracX.Core.Tests.Configuration;

public class ConfigSchemaTests
{
    [Fact]
    public void An_extension_field_is_accepted_and_read_typed()
    {
        var schema = new ConfigSchema();
        var gubbinsInfo = schema.AddField<UserConfig, string?>("GubbinsSpecificInfo", null);
        var raw = ValidTree();
        raw["Registry"]!["lhcb"]!["Users"]![Chaen]!["GubbinsSpecificInfo"] = "sensei";

        var config = ConfigParser.FromJson(raw, schema);

        Assert.Equal("sensei", gubbinsInfo.Get(config.Registry["lhcb"].Users[Chaen]));
        Assert.Null(gubbinsInfo.Get(config.Registry["lhcb"].Users[Alice]));
    }

    [Fact]
    public void An_extension_field_with_a_default_appears_in_the_served_json()
    {
        var schema = new ConfigSchema();
        schema.AddField<UserConfig, string?>("GubbinsSpecificInfo", null);
        var limit = schema.AddField<JobDescriptionConfig, int>("MaxGubbins", 7);

        var config = ConfigParser.Parse(Valid, schema);
        var json = JsonNode.Parse(JsonSerializer.Serialize(config))!;

        Assert.True(json["Registry"]!["lhcb"]!["Users"]![Alice]!.AsObject().ContainsKey("GubbinsSpecificInfo"));
        Assert.Equal(7, json["Operations"]!["lhcb"]!["JobDescription"]!["MaxGubbins"]!.GetValue<int>());
        Assert.Equal(7, limit.Get(config.Operations["lhcb"].JobDescription));
    }

    [Fact]
    public void Without_the_extension_the_same_key_is_rejected()
    {
        var raw = ValidTree();
        raw["Registry"]!["lhcb"]!["Users"]![Chaen]!["GubbinsSpecificInfo"] = "sensei";

        Assert.Equal([$"Registry.lhcb.Users.{Chaen}.GubbinsSpecificInfo: unknown key"], ConfigParser.Validate(raw, new ConfigSchema()));
    }

    [Fact]
    public void Extension_fields_are_type_checked_and_required_ones_enforced()
    {
        var schema = new ConfigSchema();
        schema.AddField<UserConfig, int>("Seniority", 0);
        schema.AddRequiredField<GroupConfig, string>("Colour");
        var raw = ValidTree();
        raw["Registry"]!["lhcb"]!["Users"]![Chaen]!["Seniority"] = "old";
        raw["Registry"]!["lhcb"]!["Groups"]!["lhcb_user"]!["Colour"] = "red";

        Assert.Equal(
            [$"Registry.lhcb.Users.{Chaen}.Seniority: expected an integer", "Registry.lhcb.Groups.lhcb_admin.Colour: field required"],
            ConfigParser.Validate(raw, schema));
    }

    [Fact]
    public void A_field_that_already_exists_cannot_be_added()
    {
        Assert.Throws<ArgumentException>(() => new ConfigSchema().AddField<UserConfig, string?>("Email", null));
    }

    [Fact]
    public void Extension_properties_are_accepted_once_registered()
    {
        var raw = ValidTree();
        raw["Registry"]!["lhcb"]!["Groups"]!["lhcb_user"]!["Properties"] = new JsonArray("NormalUser", "GubbinsSensei");

        Assert.Single(ConfigParser.Validate(raw, new ConfigSchema()));
        Assert.Empty(ConfigParser.Validate(raw, new ConfigSchema(new SecurityPropertyRegistry().Add("GubbinsSensei"))));
    }

    [Fact]
    public void The_builtin_properties_are_DiracX_ones()
    {
        var registry = new SecurityPropertyRegistry();

        Assert.Equal(23, registry.All.Count);
        Assert.True(registry.Contains(SecurityProperty.NormalUser));
        Assert.True(registry.Contains("FileCatalogManagement"));
        Assert.False(registry.Contains("normaluser"));
    }
}
