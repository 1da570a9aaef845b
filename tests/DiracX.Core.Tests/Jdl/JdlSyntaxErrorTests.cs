using DiracX.Core.Jdl;

namespace DiracX.Core.Tests.Jdl;

public class JdlSyntaxErrorTests
{
    [Theory]
    [InlineData("[\n    Executable = \"test.sh\"\n    Arguments = \"x\"\n]", 3, 5, "expected ';'")]
    [InlineData("[Executable = \"test.sh\" Arguments = \"missing semicolon\"]", 1, 25, "expected ';'")]
    [InlineData("A = 1\nB = 2", 2, 1, "expected ';'")]
    [InlineData("A = { \"x\" } B = 1", 1, 13, "expected ';'")]
    [InlineData("A 1;", 1, 3, "expected '='")]
    [InlineData("A = ;", 1, 5, "expected a value")]
    [InlineData("A = 1;;", 1, 7, "expected an attribute name")]
    [InlineData("[\n    'Executable = \"echo\";'\n]", 2, 5, "expected an attribute name")]
    [InlineData("# comment\nA = 1;", 1, 1, "expected an attribute name")]
    [InlineData("A = \"open", 1, 5, "unterminated string")]
    [InlineData("A = f(\"open);", 1, 7, "unterminated string")]
    [InlineData("[ A = 1;", 1, 1, "unclosed '['")]
    [InlineData("A = {\n  \"a\",\n  \"b\"", 1, 5, "unclosed '{'")]
    [InlineData("A = f(x;", 1, 6, "unclosed '('")]
    [InlineData("A = f(x]);", 1, 8, "unexpected ']'")]
    [InlineData("A = x);", 1, 6, "unexpected ')'")]
    [InlineData("A = { {\"a\"} \"b\" }", 1, 13, "expected ',' or '}'")]
    [InlineData("A = { \"a\"; B = 1", 1, 10, "expected ',' or '}'")]
    [InlineData("A = { , }", 1, 7, "expected a value")]
    [InlineData("[ A = 1 ] B = 2", 1, 11, "unexpected text after the closing ']'")]
    [InlineData("A = B = 1", 1, 7, "unexpected '='")]
    public void Each_syntax_error_reports_its_reason_line_and_column(string jdl, int line, int column, string reason)
    {
        var error = Assert.Throws<JdlSyntaxException>(() => JdlParser.Parse(jdl));

        Assert.Equal(reason, error.Reason);
        Assert.Equal((line, column), (error.Line, error.Column));
        Assert.Equal($"JDL syntax error at line {line}, column {column}: {reason}", error.Message);
    }

    [Fact]
    public void Nesting_beyond_the_limit_is_rejected_at_the_bracket_that_exceeds_it()
    {
        var jdl = "A = " + new string('{', 33) + "1" + new string('}', 33);

        var error = Assert.Throws<JdlSyntaxException>(() => JdlParser.Parse(jdl));

        Assert.Equal("nesting deeper than 32 levels", error.Reason);
        Assert.Equal(5 + 32, error.Column);
    }

    [Fact]
    public void Deeply_nested_classads_fail_cleanly_instead_of_overflowing_the_stack()
    {
        var jdl = string.Concat(Enumerable.Repeat("[A=", 1_000_000)) + "1";

        var error = Assert.Throws<JdlSyntaxException>(() => JdlParser.Parse(jdl));

        Assert.Equal("nesting deeper than 32 levels", error.Reason);
    }

    [Fact]
    public void A_custom_depth_limit_applies_to_parentheses_in_expressions_too()
    {
        var error = Assert.Throws<JdlSyntaxException>(() => JdlParser.Parse("A = ((1));", maxDepth: 1));

        Assert.Equal((1, 6), (error.Line, error.Column));
    }

    [Fact]
    public void A_nul_character_cannot_hide_trailing_text()
    {
        var error = Assert.Throws<JdlSyntaxException>(() => JdlParser.Parse("A = 1;\0 Owner = \"x\""));

        Assert.Equal("unexpected character", error.Reason);
    }
}
