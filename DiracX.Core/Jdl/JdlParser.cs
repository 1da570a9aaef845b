namespace DiracX.Core.Jdl;

/// <summary>
/// Reads DIRAC JDL text: an optional surrounding <c>[ ... ]</c> holding <c>Name = value;</c> attributes
/// (the last <c>;</c> is optional). DIRAC's JDL has no comments, so none are accepted.
/// </summary>
/// <remarks>
/// A hand-written single-pass scanner: nesting is bounded by a depth limit, so hostile input cannot
/// exhaust the stack, and the cost is linear in the input length.
/// </remarks>
public static partial class JdlParser
{
    /// <summary>The default limit on nested brackets (<c>[</c>, <c>{</c>, <c>(</c>), counting the outer one.</summary>
    public const int DefaultMaxDepth = 32;

    /// <summary>Parses a JDL document, with or without its surrounding brackets.</summary>
    /// <exception cref="JdlSyntaxException">The text is not well formed.</exception>
    public static JdlDocument Parse(string text, int maxDepth = DefaultMaxDepth)
    {
        ArgumentNullException.ThrowIfNull(text);
        var reader = new Reader(text, maxDepth);
        reader.SkipWhitespace();
        JdlDocument document;
        if (reader.Peek == '[')
        {
            document = reader.ReadClassAd(0);
            reader.SkipWhitespace();
            if (!reader.AtEnd)
            {
                throw reader.Error(reader.Position, "unexpected text after the closing ']'");
            }
        }
        else
        {
            document = reader.ReadAttributes(Reader.EndOfInput, 0);

            // A NUL character stops the scan like the end of input does; anything left is an error.
            if (!reader.AtEnd)
            {
                throw reader.Error(reader.Position, "unexpected character");
            }
        }

        return document;
    }

    /// <summary>Parses a single value, e.g. <c>{ "a", "b" }</c> or <c>other.Site == "X"</c>.</summary>
    /// <exception cref="JdlSyntaxException">The text is not a single well-formed value.</exception>
    public static JdlValue ParseValue(string text, int maxDepth = DefaultMaxDepth)
    {
        ArgumentNullException.ThrowIfNull(text);
        var reader = new Reader(text, maxDepth);
        var value = reader.ReadValue(Reader.EndOfInput, Reader.EndOfInput, 0);
        reader.SkipWhitespace();
        if (!reader.AtEnd)
        {
            throw reader.Error(reader.Position, "unexpected text after the value");
        }

        return value;
    }
}
