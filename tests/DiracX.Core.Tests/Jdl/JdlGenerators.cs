using CsCheck;
using DiracX.Core.Jdl;

namespace DiracX.Core.Tests.Jdl;

/// <summary>CsCheck generators for JDL documents, including hostile string contents.</summary>
internal static class JdlGenerators
{
    private const string NameChars = "abcXYZ_019.";
    private const string StringChars = "aZ9 _-.,;:=%\"\\{}[]()\n\t/é";

    public static readonly Gen<string> Name =
        Gen.Select(Gen.Char["abcXYZ_"], Gen.Char[NameChars].Array[0, 8], (first, rest) => first + new string(rest));

    public static readonly Gen<string> Identifier =
        Gen.Select(Gen.Char["abcdefXYZ"], Gen.Char["abcXYZ_019"].Array[0, 6], (first, rest) => first + new string(rest))
            .Where(s => !s.Equals("true", StringComparison.OrdinalIgnoreCase) && !s.Equals("false", StringComparison.OrdinalIgnoreCase));

    public static readonly Gen<string> Text = Gen.Char[StringChars].Array[0, 12].Select(chars => new string(chars));

    public static readonly Gen<JdlValue> Expression = Gen.OneOf(
        Identifier.Select(i => (JdlValue)new JdlExpression(i)),
        Gen.Select(Identifier, Text, (i, s) => (JdlValue)new JdlExpression($"other.{i} == {JdlWriter.QuoteString(s)}")),
        Gen.Select(Identifier, Gen.Int[0, 9999], (i, n) => (JdlValue)new JdlExpression($"({i} + {n}) * 2 >= {i}")),
        Gen.Select(Identifier, Identifier, (a, b) => (JdlValue)new JdlExpression($"member(\"{a}\", other.{b}) && !{a}")),
        Identifier.Select(i => (JdlValue)new JdlExpression($"%({i})s")),
        Identifier.Select(i => (JdlValue)new JdlExpression($"/vo/data/{i}.dst")));

    public static readonly Gen<JdlValue> Scalar = Gen.OneOf(
        Text.Select(s => (JdlValue)new JdlString(s)),
        Gen.Long.Select(l => (JdlValue)new JdlInteger(l)),
        Gen.Double.Where(double.IsFinite).Select(d => (JdlValue)new JdlFloat(d)),
        Gen.Bool.Select(b => (JdlValue)new JdlBoolean(b)),
        Expression);

    public static readonly Gen<JdlDocument> Document = DocumentOf(2);

    public static Gen<JdlValue> Value(int depth) => depth == 0
        ? Scalar
        : Gen.Frequency(
            (6, Scalar),
            (2, Value(depth - 1).Array[0, 4].Select(items => (JdlValue)new JdlList(items))),
            (1, DocumentOf(depth - 1).Select(d => (JdlValue)new JdlClassAd(d))));

    private static Gen<JdlDocument> DocumentOf(int depth) =>
        Gen.Select(Name, Value(depth), (n, v) => new KeyValuePair<string, JdlValue>(n, v))
            .Array[0, 6]
            .Select(attributes => new JdlDocument(attributes));
}
