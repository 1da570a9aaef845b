using System.Text.Json;
using System.Text.Json.Nodes;
using DiracX.Core.Configuration;

namespace DiracX.Core.Tests.Configuration;

public class ConfigYamlTests
{
    [Fact]
    public void Plain_scalars_are_typed_as_PyYAML_types_them()
    {
        var tree = ConfigYaml.Parse("a: yes\nb: Off\nc: 12\nd: 1.5\ne: ~\nf: '12'\ng: 0755\nh: hello\ni: \"true\"\nj:\n")!;

        Assert.Equal(JsonValueKind.True, tree["a"]!.GetValueKind());
        Assert.Equal(JsonValueKind.False, tree["b"]!.GetValueKind());
        Assert.Equal(12, tree["c"]!.GetValue<long>());
        Assert.Equal(1.5, tree["d"]!.GetValue<double>());
        Assert.Null(tree["e"]);
        Assert.Equal("12", tree["f"]!.GetValue<string>());
        Assert.Equal("0755", tree["g"]!.GetValue<string>());
        Assert.Equal("hello", tree["h"]!.GetValue<string>());
        Assert.Equal("true", tree["i"]!.GetValue<string>());
        Assert.Null(tree["j"]);
    }

    [Fact]
    public void Serialised_yaml_reads_back_to_the_same_tree_with_sorted_keys()
    {
        var tree = new JsonObject
        {
            ["z"] = "yes",
            ["a"] = new JsonObject { ["n"] = 3, ["s"] = "3", ["e"] = "", ["x"] = null, ["t"] = true },
            ["l"] = new JsonArray("a: b", "#c", "None"),
            ["empty"] = new JsonObject(),
            ["none"] = new JsonArray(),
        };

        var yaml = ConfigYaml.Serialize(tree);

        Assert.StartsWith("a:", yaml, StringComparison.Ordinal);
        Assert.True(JsonNode.DeepEquals(tree, ConfigYaml.Parse(yaml)), yaml);
    }
}
