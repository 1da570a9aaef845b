using System.Globalization;
using System.Text;

namespace DiracX.Core.Jdl;

/// <summary>
/// Writes JDL in DIRAC's layout: <c>[</c>, one <c>Name = value;</c> per line indented by four spaces,
/// lists and nested ClassAds opened on their own line, <c>]</c>. Parsing the output gives back an equal
/// document.
/// </summary>
public static class JdlWriter
{
    private const string Indent = "    ";

    /// <summary>The document as multi-line JDL text.</summary>
    public static string Write(JdlDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var builder = new StringBuilder(2048);
        WriteDocument(builder, document, 0);
        return builder.ToString();
    }

    /// <summary>A value as compact single-line JDL text (lists as <c>{ "a", "b" }</c>).</summary>
    public static string WriteValue(JdlValue value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder();
        AppendCompact(builder, value);
        return builder.ToString();
    }

    /// <summary>
    /// A string literal. Only <c>"</c> and backslashes that would otherwise be read as an escape are
    /// escaped, so DIRAC's quote-stripping readers see Windows paths and regular expressions unchanged.
    /// </summary>
    public static string QuoteString(string value)
    {
        var builder = new StringBuilder(value.Length + 2);
        AppendString(builder, value);
        return builder.ToString();
    }

    private static void WriteDocument(StringBuilder builder, JdlDocument document, int level)
    {
        var inner = Repeat(level + 1);
        builder.Append('[').Append('\n');
        foreach (var (name, value) in document.Attributes)
        {
            builder.Append(inner).Append(name).Append(" =");
            switch (value)
            {
                case JdlList { Items.Count: > 0 } list:
                    WriteList(builder, list, level + 2);
                    break;
                case JdlClassAd ad:
                    builder.Append('\n').Append(Repeat(level + 2));
                    WriteDocument(builder, ad.Document, level + 2);
                    break;
                default:
                    builder.Append(' ');
                    AppendCompact(builder, value);
                    break;
            }

            builder.Append(";\n");
        }

        builder.Append(Repeat(level)).Append(']');
    }

    private static void WriteList(StringBuilder builder, JdlList list, int level)
    {
        builder.Append('\n').Append(Repeat(level)).Append("{\n");
        for (var i = 0; i < list.Items.Count; i++)
        {
            builder.Append(Repeat(level + 1));
            AppendCompact(builder, list.Items[i]);
            builder.Append(i < list.Items.Count - 1 ? ",\n" : "\n");
        }

        builder.Append(Repeat(level)).Append('}');
    }

    private static void AppendCompact(StringBuilder builder, JdlValue value)
    {
        switch (value)
        {
            case JdlString s:
                AppendString(builder, s.Value);
                break;
            case JdlInteger i:
                builder.Append(i.Value.ToString(CultureInfo.InvariantCulture));
                break;
            case JdlFloat f:
                builder.Append(JdlText.FormatPythonFloat(f.Value));
                break;
            case JdlBoolean b:
                builder.Append(b.Value ? "true" : "false");
                break;
            case JdlExpression e:
                builder.Append(e.Text);
                break;
            case JdlList list:
                AppendCompactList(builder, list);
                break;
            case JdlClassAd ad:
                AppendCompactClassAd(builder, ad.Document);
                break;
        }
    }

    private static void AppendCompactList(StringBuilder builder, JdlList list)
    {
        builder.Append('{');
        for (var i = 0; i < list.Items.Count; i++)
        {
            builder.Append(i == 0 ? " " : ", ");
            AppendCompact(builder, list.Items[i]);
        }

        builder.Append(list.Items.Count > 0 ? " }" : "}");
    }

    private static void AppendCompactClassAd(StringBuilder builder, JdlDocument document)
    {
        builder.Append('[');
        foreach (var (name, value) in document.Attributes)
        {
            builder.Append(' ').Append(name).Append(" = ");
            AppendCompact(builder, value);
            builder.Append(';');
        }

        builder.Append(" ]");
    }

    private static void AppendString(StringBuilder builder, string value)
    {
        builder.Append('"');
        // Runs without a quote or backslash (nearly every value) are copied whole.
        var rest = value.AsSpan();
        while (rest.IndexOfAny('"', '\\') is var i and >= 0)
        {
            builder.Append(rest[..i]);
            var next = i + 1 < rest.Length ? rest[i + 1] : '"';
            if (rest[i] == '"' || next is '"' or '\\')
            {
                builder.Append('\\');
            }
            builder.Append(rest[i]);
            rest = rest[(i + 1)..];
        }
        builder.Append(rest);
        builder.Append('"');
    }

    // Written for every attribute of every job: indentation strings are made once.
    private static readonly string[] Indents = [.. Enumerable.Range(0, 8).Select(Indentation)];

    private static string Repeat(int level) => level < Indents.Length ? Indents[level] : Indentation(level);

    private static string Indentation(int level) => string.Concat(Enumerable.Repeat(Indent, level));
}
