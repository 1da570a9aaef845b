using System.Globalization;

namespace DiracX.Core.Jdl;

/// <summary>
/// Textual placeholders in attribute values: <c>%n</c> (parametric index), <c>%s</c> and <c>%(name)s</c>
/// (parameter values) and <c>%j</c> (the job ID, known only once the job is inserted).
/// </summary>
/// <remarks>
/// DIRAC replaces placeholders in the whole JDL text and re-parses it. Here strings are replaced in their
/// unescaped value (so a parameter holding a quote cannot break out of its string), and expressions are
/// replaced in their text and then re-parsed, which is what lets <c>InputData = %(InputData)s;</c> become a
/// list. Attribute names are left alone.
/// </remarks>
public static class JdlPlaceholders
{
    /// <summary>The job ID placeholder.</summary>
    public const string JobId = "%j";

    /// <summary>A copy of the document with every <c>%j</c> replaced by <paramref name="jobId"/>.</summary>
    /// <exception cref="JdlSyntaxException">An expression is no longer valid after the replacement.</exception>
    public static JdlDocument SubstituteJobId(JdlDocument document, long jobId) =>
        Substitute(document, JobId, jobId.ToString(CultureInfo.InvariantCulture));

    /// <summary>A deep copy of the document (nested ClassAds are copied too) with <paramref name="placeholder"/> replaced in every value.</summary>
    /// <remarks>
    /// Inside lists a replacement wrapped in braces loses them (DIRAC's rule for list attributes), and a
    /// replaced expression item may expand into several items.
    /// </remarks>
    /// <exception cref="JdlSyntaxException">An expression is no longer valid after the replacement.</exception>
    public static JdlDocument Substitute(JdlDocument document, string placeholder, string replacement)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentException.ThrowIfNullOrEmpty(placeholder);
        ArgumentNullException.ThrowIfNull(replacement);
        var substitution = new Substitution(placeholder, replacement);
        return document.MapValues(substitution.Apply);
    }

    private sealed class Substitution(string placeholder, string replacement)
    {
        private readonly string _listReplacement = StripBraces(replacement.Trim());

        public JdlValue Apply(JdlValue value) => value switch
        {
            JdlString s when Has(s.Value) => new JdlString(Replace(s.Value, replacement)),
            JdlExpression e when Has(e.Text) => JdlParser.ParseValue(Replace(e.Text, replacement)),
            // Most lists (sandboxes, sites, platforms) hold no placeholder and no ClassAd: they are immutable and shared.
            JdlList list when !NeedsCopy(list) => list,
            JdlList list => new JdlList(list.Items.SelectMany(ApplyInList)),
            JdlClassAd ad => new JdlClassAd(Substitute(ad.Document, placeholder, replacement)),
            _ => value,
        };

        private IEnumerable<JdlValue> ApplyInList(JdlValue item) => item switch
        {
            JdlString s when Has(s.Value) => [new JdlString(Replace(s.Value, _listReplacement))],
            JdlExpression e when Has(e.Text) =>
                ((JdlList)JdlParser.ParseValue("{" + Replace(e.Text, _listReplacement) + "}")).Items,
            _ => [Apply(item)],
        };

        private bool Has(string text) => text.Contains(placeholder, StringComparison.Ordinal);

        // A ClassAd's document is mutable, so a list holding one is always copied.
        private bool NeedsCopy(JdlList list)
        {
            foreach (var item in list.Items)
            {
                if (item switch
                    {
                        JdlString s => Has(s.Value),
                        JdlExpression e => Has(e.Text),
                        JdlList inner => NeedsCopy(inner),
                        JdlClassAd => true,
                        _ => false,
                    })
                {
                    return true;
                }
            }
            return false;
        }

        private string Replace(string text, string with) => text.Replace(placeholder, with, StringComparison.Ordinal);

        private static string StripBraces(string text) =>
            text.StartsWith('{') ? text.TrimStart('{').TrimEnd('}').Trim() : text;
    }
}
