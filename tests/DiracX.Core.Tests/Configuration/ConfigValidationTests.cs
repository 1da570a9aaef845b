using System.Text.Json.Nodes;
using DiracX.Core.Configuration;
using static DiracX.Core.Tests.Configuration.ConfigSamples;

namespace DiracX.Core.Tests.Configuration;

public class ConfigValidationTests
{
    private readonly ConfigSchema _schema = new();

    private IReadOnlyList<string> Problems(Action<JsonObject> change)
    {
        var raw = ValidTree();
        change(raw);
        return ConfigParser.Validate(raw, _schema);
    }

    private static JsonObject Vo(JsonObject raw) => raw["Registry"]!["lhcb"]!.AsObject();

    [Fact]
    public void The_sample_is_valid()
    {
        Assert.Empty(Problems(_ => { }));
    }

    [Fact]
    public void Unknown_keys_in_typed_sections_are_reported_with_their_path()
    {
        var problems = Problems(raw =>
        {
            Vo(raw)["Foo"] = 1;
            raw["Operations"]!["Defaults"]!["JobDescription"]!["MaxCPUTme"] = 5;
            raw["DIRAC"]!["Hostname"] = "x";
            raw["Unknown"] = new JsonObject();
        });

        Assert.Equal(
            ["DIRAC.Hostname: unknown key", "Registry.lhcb.Foo: unknown key", "Unknown: unknown key",
             "Operations.Defaults.JobDescription.MaxCPUTme: unknown key"],
            problems);
    }

    [Fact]
    public void Sections_kept_open_by_DiracX_accept_unknown_keys()
    {
        Assert.Empty(Problems(raw =>
        {
            raw["Resources"]!["FileCatalogs"] = new JsonObject { ["FC"] = "x" };
            raw["Resources"]!["Computing"]!["CEDefaults"] = new JsonObject();
            raw["Operations"]!["Defaults"]!["InputDataPolicy"] = new JsonObject { ["Custom"] = "y" };
        }));
    }

    [Fact]
    public void Unknown_properties_are_reported()
    {
        var problems = Problems(raw => Vo(raw)["Groups"]!["lhcb_user"]!["Properties"] = new JsonArray("NormalUser", "Wizard"));

        Assert.Equal(["Registry.lhcb.Groups.lhcb_user.Properties: unknown property 'Wizard'"], problems);
    }

    [Fact]
    public void A_group_member_that_is_not_a_user_of_the_vo_is_reported()
    {
        var problems = Problems(raw => Vo(raw)["Groups"]!["lhcb_user"]!["Users"]!.AsArray().Add("abc"));

        Assert.Equal(["Registry.lhcb.Groups.lhcb_user.Users: 'abc' is not a user of VO lhcb"], problems);
    }

    [Fact]
    public void A_default_group_that_does_not_exist_is_reported()
    {
        var problems = Problems(raw => Vo(raw)["DefaultGroup"] = "user");

        Assert.Equal(["Registry.lhcb.DefaultGroup: group 'user' does not exist in VO lhcb"], problems);
    }

    [Fact]
    public void A_missing_default_group_is_reported()
    {
        var problems = Problems(raw => Vo(raw).Remove("DefaultGroup"));

        Assert.Equal(["Registry.lhcb.DefaultGroup: field required"], problems);
    }

    [Fact]
    public void Two_users_of_one_vo_with_the_same_preferred_username_are_reported()
    {
        var problems = Problems(raw => Vo(raw)["Users"]![Alice]!["PreferedUsername"] = "chaen");

        var problem = Assert.Single(problems);
        Assert.StartsWith($"Registry.lhcb.Users.{Alice}.PreferedUsername: 'chaen' is already the PreferedUsername of user {Chaen}", problem);
    }

    [Fact]
    public void Missing_required_fields_and_wrong_types_are_all_reported()
    {
        var problems = Problems(raw =>
        {
            Vo(raw)["IdP"]!.AsObject().Remove("ClientID");
            Vo(raw)["Users"]![Chaen]!["Email"] = "not-an-address";
            Vo(raw)["Users"]![Alice]!["PreferedUsername"] = 12;
            Vo(raw)["Groups"]!["lhcb_user"]!["JobShare"] = "lots";
            Vo(raw)["Groups"]!["lhcb_user"]!["AutoAddVOMS"] = "maybe";
            Vo(raw)["Groups"]!["lhcb_admin"]!["Users"] = "chaen";
            raw["Operations"]!["lhcb"]!["Services"] = "none";
            raw["Operations"]!["lhcb"]!["Cloud"] = "none";
        });

        Assert.Equal(
            [
                "Registry.lhcb.IdP.ClientID: field required",
                $"Registry.lhcb.Users.{Chaen}.Email: 'not-an-address' is not a valid email address",
                $"Registry.lhcb.Users.{Alice}.PreferedUsername: expected a string",
                "Registry.lhcb.Groups.lhcb_user.AutoAddVOMS: expected a boolean",
                "Registry.lhcb.Groups.lhcb_user.JobShare: expected an integer",
                "Registry.lhcb.Groups.lhcb_admin.Users: expected a list of strings",
                "Operations.lhcb.Services: expected a mapping",
                "Operations.lhcb.Cloud: expected a mapping",
            ],
            problems);
    }

    [Fact]
    public void Missing_top_level_sections_and_non_mappings_are_reported()
    {
        Assert.Equal(["DIRAC: field required", "Registry: field required"], ConfigParser.Validate(new JsonObject(), _schema));
        Assert.Equal(["(root): expected a mapping"], ConfigParser.Validate(JsonValue.Create("text"), _schema));
    }

    [Fact]
    public void Malformed_yaml_is_reported_with_its_line()
    {
        var error = Assert.Throws<ConfigValidationException>(() => ConfigParser.Parse("DIRAC: {}\nRegistry: [\n", _schema));

        Assert.StartsWith("(yaml) line ", Assert.Single(error.Problems));
    }

    [Fact]
    public void The_exception_message_lists_every_problem()
    {
        var raw = ValidTree();
        Vo(raw)["Foo"] = 1;
        Vo(raw)["DefaultGroup"] = "user";

        var error = Assert.Throws<ConfigValidationException>(() => ConfigParser.FromJson(raw, _schema));

        Assert.Equal(2, error.Problems.Count);
        Assert.Contains("Registry.lhcb.Foo: unknown key", error.Message, StringComparison.Ordinal);
        Assert.Contains("Registry.lhcb.DefaultGroup: group 'user' does not exist in VO lhcb", error.Message, StringComparison.Ordinal);
    }
}
