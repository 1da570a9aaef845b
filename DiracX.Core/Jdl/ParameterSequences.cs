using System.Globalization;

namespace DiracX.Core.Jdl;

/// <summary>One parameter sequence: "0" for the unnamed one (<c>%s</c>), or a name X (<c>%(X)s</c>).</summary>
internal sealed record ParameterSequence(string Id, IReadOnlyList<JdlValue> Values)
{
    public string Placeholder => Id == ParameterSequences.Unnamed ? "%s" : $"%({Id})s";

    public string AttributeName(string key) => Id == ParameterSequences.Unnamed ? key : $"{key}.{Id}";
}

/// <summary>Reads the <c>Parameters*</c> attributes into value sequences, with DIRAC's rules and messages.</summary>
internal static class ParameterSequences
{
    public const string Unnamed = "0";

    public static readonly string[] Keys = ["Parameters", "ParameterStart", "ParameterStep", "ParameterFactor"];

    public static IReadOnlyList<ParameterSequence> Build(JdlDocument document, int count)
    {
        var specs = new Dictionary<string, Dictionary<string, JdlValue>>(StringComparer.Ordinal);
        var order = new List<string>();
        foreach (var (name, value) in document.Attributes)
        {
            foreach (var key in Keys.Where(k => name.StartsWith(k, StringComparison.Ordinal)))
            {
                var id = name.Contains('.', StringComparison.Ordinal) ? name.Split('.')[1] : Unnamed;
                if (!specs.TryGetValue(id, out var spec))
                {
                    specs[id] = spec = new(StringComparer.Ordinal);
                    order.Add(id);
                }

                spec[key] = Check(name, key, value, count);
            }
        }

        return [.. order.Select(id => new ParameterSequence(id, Values(specs[id], count)))];
    }

    /// <summary>The parameter as the text DIRAC substitutes (Python <c>str()</c> for numbers).</summary>
    public static string Text(JdlValue value) => value switch
    {
        JdlFloat f => JdlText.FormatPythonFloat(f.Value),
        _ => JdlText.ItemText(value),
    };

    private static JdlValue Check(string name, string key, JdlValue value, int count)
    {
        if (key == "Parameters")
        {
            if (value is JdlList list)
            {
                return list.Items.Count == count ? list : throw Inconsistent();
            }

            if (name != "Parameters")
            {
                throw Inconsistent();
            }

            return JdlText.AsInteger(value) is { } n
                ? new JdlInteger(n)
                : throw new JdlValidationException($"Inconsistent parametric job description: {name}={JdlWriter.WriteValue(value)}");
        }

        if (JdlText.AsInteger(value) is { } i)
        {
            return new JdlInteger(i);
        }

        return JdlText.AsFloat(value) is { } f
            ? new JdlFloat(f)
            : throw new JdlValidationException($"Illegal value for {name} JDL field: {JdlWriter.WriteValue(value)}");
    }

    private static JdlValidationException Inconsistent() => new("Inconsistent parametric job description");

    private static IReadOnlyList<JdlValue> Values(Dictionary<string, JdlValue> spec, int count)
    {
        if (spec.TryGetValue("Parameters", out var p) && p is JdlList list)
        {
            return list.Items;
        }

        var start = spec.GetValueOrDefault("ParameterStart", new JdlInteger(1));
        var step = spec.GetValueOrDefault("ParameterStep", new JdlInteger(0));
        var factor = spec.GetValueOrDefault("ParameterFactor", new JdlInteger(1));
        return start is JdlInteger s && step is JdlInteger st && factor is JdlInteger fa
            ? IntegerSequence(s.Value, st.Value, fa.Value, count)
            : FloatSequence(AsDouble(start), AsDouble(step), AsDouble(factor), count);
    }

    /// <summary>DIRAC's recurrence: v0 = start, v(i) = v(i-1) * factor + step.</summary>
    private static JdlValue[] IntegerSequence(long start, long step, long factor, int count)
    {
        var values = new JdlValue[count];
        var current = start;
        for (var i = 0; i < count; i++)
        {
            values[i] = new JdlInteger(current);
            if (i < count - 1)
            {
                // Python integers never overflow; ours are 64-bit, so say so instead of wrapping.
                try
                {
                    current = checked((current * factor) + step);
                }
                catch (OverflowException)
                {
                    throw new JdlValidationException("Parametric job parameter values overflow");
                }
            }
        }

        return values;
    }

    private static JdlValue[] FloatSequence(double start, double step, double factor, int count)
    {
        var values = new JdlValue[count];
        var current = start;
        for (var i = 0; i < count; i++)
        {
            if (!double.IsFinite(current))
            {
                throw new JdlValidationException("Parametric job parameter values overflow");
            }

            values[i] = new JdlFloat(current);
            current = (current * factor) + step;
        }

        return values;
    }

    private static double AsDouble(JdlValue value) => value is JdlInteger i ? i.Value : ((JdlFloat)value).Value;
}
