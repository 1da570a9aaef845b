using DiracX.Core.Jdl;

namespace DiracX.Core.Tests.Jdl;

public class JdlParserTests
{
    [Fact]
    public void DiracX_test_jdl_without_brackets_reads_bare_words_as_expressions()
    {
        var doc = JdlParser.Parse(JdlExamples.DiracXTestJdl);

        Assert.Equal(11, doc.Count);
        Assert.Equal(new JdlString("dirac-jobexec"), doc.GetValue("Executable"));
        Assert.Equal(new JdlExpression("jobGroup"), doc.GetValue("JobGroup"));
        Assert.Equal("jobGroup", doc.GetString("JobGroup"));
        Assert.Equal(new JdlInteger(1), doc.GetValue("Priority"));
        Assert.Equal(["Script1_CodeOutput.log", "std.err", "std.out"], doc.GetStringList("OutputSandbox"));
        Assert.Equal("ANY", doc.GetString("Site"));
    }

    [Fact]
    public void DiracX_parametric_jdl_keeps_placeholders_and_nested_lists()
    {
        var doc = JdlParser.Parse(JdlExamples.DiracXParametricJdl);

        Assert.Equal(new JdlExpression("%(InputData)s"), doc.GetValue("InputData"));
        var inputData = Assert.IsType<JdlList>(doc.GetValue("Parameters.InputData"));
        Assert.Equal(3, inputData.Items.Count);
        Assert.Equal(
            new JdlList([new JdlExpression("/lhcb/data/data1"), new JdlExpression("/lhcb/data/data2")]),
            inputData.Items[0]);
        Assert.Equal([1L, 2L, 3L], ((JdlList)doc.GetValue("Parameters.JOB_ID")!).Items.Select(i => ((JdlInteger)i).Value));
    }

    [Fact]
    public void Dirac_api_jdl_reads_every_value_kind()
    {
        var doc = JdlParser.Parse(JdlExamples.DiracApiJdl);

        Assert.Equal(1, doc.GetInt("Priority"));
        Assert.Equal(new JdlFloat(3600.5), doc.GetValue("CPUTime"));
        Assert.Null(doc.GetInt("CPUTime"));
        Assert.Equal(3600.5, doc.GetFloat("CPUTime"));
        Assert.Equal(new JdlBoolean(false), doc.GetValue("WholeNode"));
        Assert.Equal(
            new JdlExpression("other.Site == \"LCG.CERN.cern\" && other.CPUTime >= 3600"),
            doc.GetValue("Requirements"));
        var extra = Assert.IsType<JdlClassAd>(doc.GetValue("Extra")).Document;
        Assert.Equal("value", extra.GetString("Key"));
        Assert.Equal(2, extra.GetInt("Count"));
        Assert.Empty(doc.GetStringList("InputData"));
    }

    [Fact]
    public void A_single_string_and_a_one_element_list_read_alike_as_lists()
    {
        var doc = JdlParser.Parse("""[ A = "x.txt"; B = { "x.txt" }; C = "a.txt, b.txt" ]""");

        Assert.Equal(["x.txt"], doc.GetStringList("A"));
        Assert.Equal(["x.txt"], doc.GetStringList("B"));
        Assert.Equal(["a.txt", "b.txt"], doc.GetStringList("C"));
        Assert.True(doc.IsList("B"));
        Assert.False(doc.IsList("A"));
    }

    [Fact]
    public void Attribute_names_are_case_sensitive_and_keep_their_case()
    {
        var doc = JdlParser.Parse("JobName = \"a\"; jobname = \"b\"");

        Assert.Equal("a", doc.GetString("JobName"));
        Assert.Equal("b", doc.GetString("jobname"));
        Assert.Null(doc.GetString("JOBNAME"));
        Assert.Equal(["JobName", "jobname"], doc.Names);
    }

    [Fact]
    public void A_repeated_attribute_keeps_its_first_position_and_last_value_like_a_python_dict()
    {
        var doc = JdlParser.Parse("A = 1; B = 2; A = 3;");

        Assert.Equal(["A", "B"], doc.Names);
        Assert.Equal(3, doc.GetInt("A"));
    }

    [Theory]
    [InlineData("""A = "say \"hi\"";""", "say \"hi\"")]
    [InlineData("""A = "back\\slash";""", "back\\slash")]
    [InlineData("""A = "C:\temp\d+";""", "C:\\temp\\d+")]
    [InlineData("""A = "semi; colon, and = sign";""", "semi; colon, and = sign")]
    [InlineData("A = \"two\nlines\";", "two\nlines")]
    public void String_escapes_are_read_and_unknown_backslashes_are_kept(string jdl, string expected)
    {
        Assert.Equal(expected, JdlParser.Parse(jdl).GetString("A"));
    }

    [Theory]
    [InlineData("A = 42", typeof(JdlInteger))]
    [InlineData("A = -7", typeof(JdlInteger))]
    [InlineData("A = 1.5e3", typeof(JdlFloat))]
    [InlineData("A = .5", typeof(JdlFloat))]
    [InlineData("A = TRUE", typeof(JdlBoolean))]
    [InlineData("A = 99999999999999999999", typeof(JdlExpression))]
    [InlineData("A = 1.2.3", typeof(JdlExpression))]
    [InlineData("A = \"x\" + \"y\"", typeof(JdlExpression))]
    [InlineData("A = member(\"a\", other.Tags)", typeof(JdlExpression))]
    [InlineData("A = {}", typeof(JdlList))]
    [InlineData("A = []", typeof(JdlClassAd))]
    public void Values_are_classified_by_their_literal_form(string jdl, Type expected)
    {
        Assert.IsType(expected, JdlParser.Parse(jdl).GetValue("A"));
    }

    [Fact]
    public void The_last_semicolon_and_a_trailing_list_comma_are_optional()
    {
        var withSemicolons = JdlParser.Parse("[ A = 1; B = { \"x\", \"y\", }; ]");
        var without = JdlParser.Parse("[ A = 1; B = { \"x\", \"y\" } ]");

        Assert.Equal(withSemicolons, without);
    }

    [Fact]
    public void Empty_documents_parse_to_no_attributes()
    {
        Assert.Equal(0, JdlParser.Parse("[]").Count);
        Assert.Equal(0, JdlParser.Parse("  \n ").Count);
    }

    [Fact]
    public void Nesting_up_to_the_limit_is_accepted()
    {
        var jdl = "A = " + new string('{', 32) + "1" + new string('}', 32);

        var value = JdlParser.Parse(jdl).GetValue("A");

        Assert.IsType<JdlList>(value);
    }

    [Fact]
    public void Hostile_inputs_parse_in_linear_time()
    {
        var longList = "A = {" + string.Join(",", Enumerable.Repeat("\"x\"", 200_000)) + "}";
        var manyAttributes = string.Concat(Enumerable.Range(0, 50_000).Select(i => $"A{i} = (b + c) * {i};"));
        var started = System.Diagnostics.Stopwatch.StartNew();

        Assert.Equal(200_000, ((JdlList)JdlParser.Parse(longList).GetValue("A")!).Items.Count);
        Assert.Equal(50_000, JdlParser.Parse(manyAttributes).Count);
        Assert.Throws<JdlSyntaxException>(() => JdlParser.Parse("A = " + new string('(', 100_000)));

        Assert.True(started.Elapsed < TimeSpan.FromSeconds(5), $"took {started.Elapsed}");
    }
}
