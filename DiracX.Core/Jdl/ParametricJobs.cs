using System.Globalization;

namespace DiracX.Core.Jdl;

/// <summary>
/// DIRAC's parametric jobs (<c>ParametricJob.py</c>): one JDL with <c>Parameters</c> (a list, or a count
/// with <c>ParameterStart</c>/<c>ParameterStep</c>/<c>ParameterFactor</c>) expands into one job per value.
/// Named sequences use <c>Parameters.X</c>, <c>ParameterStart.X</c>, ... and the placeholder <c>%(X)s</c>.
/// </summary>
public static class ParametricJobs
{
    /// <summary>
    /// The number of jobs the JDL describes (DIRAC <c>getParameterVectorLength</c>): <see langword="null"/>
    /// when no attribute name starts with <c>Parameters</c>, otherwise the common length of those vectors.
    /// </summary>
    /// <exception cref="JdlValidationException">The vectors differ in length, or a count is not positive.</exception>
    public static int? GetParameterVectorLength(JdlDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        int? length = null;
        foreach (var (name, value) in document.Attributes)
        {
            if (!name.StartsWith("Parameters", StringComparison.Ordinal))
            {
                continue;
            }

            var thisLength = value is JdlList list ? list.Items.Count : CountOf(name, value);
            if (length is not null && length != thisLength)
            {
                throw new JdlValidationException(
                    $"Different length of parameter vectors: for {name}, {length} != {thisLength}");
            }

            length = thisLength;
        }

        if (length is <= 0)
        {
            throw new JdlValidationException($"Illegal number of job parameters {length}");
        }

        return length;
    }

    /// <summary>
    /// Expands a parametric JDL (DIRAC <c>generateParametricJobs</c>). Each job gets <c>%n</c> replaced by
    /// its zero-padded index, <c>%s</c> / <c>%(X)s</c> by its parameter values, the <c>Parameter*</c>
    /// attributes replaced by <c>Parameter</c> / <c>Parameter.X</c> and <c>ParameterNumber</c>.
    /// A JDL without a <c>Parameters</c> attribute comes back as a single unchanged copy.
    /// </summary>
    /// <param name="document">The parametric job description.</param>
    /// <param name="maxJobs">The most jobs allowed; checked before anything is generated.</param>
    /// <exception cref="JdlTooManyJobsException">The JDL describes more than <paramref name="maxJobs"/> jobs.</exception>
    /// <exception cref="JdlValidationException">The parametric description is inconsistent.</exception>
    public static IReadOnlyList<JdlDocument> GenerateParametricJobs(JdlDocument document, int maxJobs)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (!document.Contains("Parameters"))
        {
            return [document.Clone()];
        }

        var count = GetParameterVectorLength(document)
            ?? throw new JdlValidationException("Can not determine the number of job parameters");
        if (count > maxJobs)
        {
            throw new JdlTooManyJobsException(maxJobs);
        }

        var sequences = ParameterSequences.Build(document, count);
        var width = (count - 1).ToString(CultureInfo.InvariantCulture).Length;
        // Each job is expanded from the shared (read-only) document; a large expansion uses every core, in order.
        var indexes = new int[count];
        for (var n = 0; n < count; n++)
        {
            indexes[n] = n;
        }

        return Collections.OrderedParallel.Map(indexes, (n, _) => Expand(document, sequences, n, width));
    }

    private static JdlDocument Expand(JdlDocument document, IReadOnlyList<ParameterSequence> sequences, int n, int width)
    {
        var job = JdlPlaceholders.Substitute(document, "%n", n.ToString(CultureInfo.InvariantCulture).PadLeft(width, '0'));
        foreach (var sequence in sequences)
        {
            job = JdlPlaceholders.Substitute(job, sequence.Placeholder, ParameterSequences.Text(sequence.Values[n]).Trim());
        }

        foreach (var sequence in sequences)
        {
            foreach (var key in ParameterSequences.Keys)
            {
                job.Remove(sequence.AttributeName(key));
            }

            var parameter = sequence.Values[n];
            job.Set(sequence.AttributeName("Parameter"), parameter is JdlList ? parameter : new JdlString(ParameterSequences.Text(parameter)));
        }

        job.SetInt("ParameterNumber", n);
        return job;
    }

    private static int CountOf(string name, JdlValue value)
    {
        var count = JdlText.AsInteger(value);
        if (count is null || count > int.MaxValue || count < int.MinValue)
        {
            throw new JdlValidationException($"Inconsistent parametric job description: {name}={JdlWriter.WriteValue(value)}");
        }

        return (int)count.Value;
    }
}
