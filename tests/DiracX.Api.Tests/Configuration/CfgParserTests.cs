using DiracX.Api.Configuration;
using DiracX.Core.Configuration;

namespace DiracX.Api.Tests.Configuration;

public class CfgParserTests
{
    [Fact]
    public void Sections_options_appends_and_comments_are_read_as_diraccfg_reads_them()
    {
        var tree = CfgParser.Parse("""
            # a comment
            A
            {
              x = 1 = 2
              l = a
              l += b
              B {
                y = # not a comment
              }
            }
            """);

        Assert.Equal("1 = 2", tree["A"]!["x"]!.GetValue<string>());
        Assert.Equal("a, b", tree["A"]!["l"]!.GetValue<string>());
        Assert.Equal("# not a comment", tree["A"]!["B"]!["y"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("A\n{\n", "(cfg) line 3: more sections opened than closed")]
    [InlineData("}\n", "(cfg) line 1: more sections closed than opened")]
    [InlineData("A\n{\nx += 1\n}\n", "(cfg) line 3: option x has not been declared before +=")]
    [InlineData("A\n{\n}\nA\n{\n}\n", "(cfg) line 5: A key already exists")]
    public void Malformed_cfg_is_reported_with_its_line(string cfg, string problem)
    {
        var error = Assert.Throws<ConfigValidationException>(() => CfgParser.Parse(cfg));

        Assert.Equal([problem], error.Problems);
    }
}
