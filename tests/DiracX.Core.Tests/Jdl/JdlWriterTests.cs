using CsCheck;
using DiracX.Core.Jdl;

namespace DiracX.Core.Tests.Jdl;

public class JdlWriterTests
{
    [Fact]
    public void Documents_are_written_in_dirac_layout()
    {
        var doc = JdlParser.Parse("""
            Executable = "echo"; Priority = 1; Tags = { "a", "b" }; Empty = {};
            Requirements = [ Owner = "alice"; CPUTime = 100 ]; Site = ANY
            """);

        Assert.Equal(
            """
            [
                Executable = "echo";
                Priority = 1;
                Tags =
                    {
                        "a",
                        "b"
                    };
                Empty = {};
                Requirements =
                    [
                        Owner = "alice";
                        CPUTime = 100;
                    ];
                Site = ANY;
            ]
            """.ReplaceLineEndings("\n"),
            JdlWriter.Write(doc));
    }

    [Theory]
    [InlineData("say \"hi\"", "\"say \\\"hi\\\"\"")]
    [InlineData("C:\\temp", "\"C:\\temp\"")]
    [InlineData("ends\\", "\"ends\\\\\"")]
    [InlineData("two\\\\", "\"two\\\\\\\\\"")]
    public void Strings_escape_only_what_would_be_misread(string value, string expected)
    {
        Assert.Equal(expected, JdlWriter.QuoteString(value));
    }

    [Theory]
    [InlineData(1.0, "1.0")]
    [InlineData(1.5, "1.5")]
    [InlineData(-0.25, "-0.25")]
    [InlineData(1e16, "1e+16")]
    [InlineData(1e15, "1000000000000000.0")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(1.2345e-7, "1.2345e-07")]
    [InlineData(0.1, "0.1")]
    public void Floats_are_written_as_python_repr_writes_them(double value, string expected)
    {
        Assert.Equal(expected, JdlWriter.WriteValue(new JdlFloat(value)));
    }

    [Fact]
    public void Parsing_what_was_written_gives_back_an_equal_document()
    {
        JdlGenerators.Document.Sample(doc =>
        {
            var text = JdlWriter.Write(doc);
            Assert.Equal(doc, JdlParser.Parse(text));
        });
    }

    [Fact]
    public void Compact_values_round_trip_through_parse_value()
    {
        JdlGenerators.Value(3).Sample(value => Assert.Equal(value, JdlParser.ParseValue(JdlWriter.WriteValue(value))));
    }

    [Fact]
    public void Written_documents_survive_the_bracket_free_form_too()
    {
        JdlGenerators.Document.Sample(doc =>
        {
            var text = JdlWriter.Write(doc).Trim();
            var body = text[1..^1];
            Assert.Equal(doc, JdlParser.Parse(body));
        });
    }
}
