namespace DiracX.Core.Jdl;

/// <summary>
/// DIRAC's JobManifest checks as DiracX applies them before a job gets its ID
/// (<c>JobDBUtils.checkAndAddOwner</c> → <c>JobManifest.check</c>).
/// </summary>
public static class JobManifest
{
    /// <summary>
    /// Sets Owner and OwnerGroup (overriding any in the JDL), adds the default CPUTime and Priority when
    /// absent, and checks CPUTime/Priority are integers, the InputData count and the JobType values.
    /// </summary>
    /// <remarks>
    /// Like DIRAC, the Min/Max bounds only bound the default that is written: a CPUTime or Priority given
    /// in the JDL is kept as it is, even outside the bounds.
    /// </remarks>
    /// <returns>A new document; the input is not modified.</returns>
    /// <exception cref="JdlValidationException">A rule is violated (DIRAC's message).</exception>
    public static JdlDocument CheckAndAddOwner(JdlDocument jdl, string owner, string ownerGroup, JobDescriptionRules rules)
    {
        ArgumentNullException.ThrowIfNull(jdl);
        ArgumentNullException.ThrowIfNull(rules);
        var manifest = jdl.Clone();
        manifest.SetString("Owner", owner);
        manifest.SetString("OwnerGroup", ownerGroup);
        CheckNumericalVar(manifest, "CPUTime", rules.DefaultCPUTime, rules.MinCPUTime, rules.MaxCPUTime);
        CheckNumericalVar(manifest, "Priority", rules.DefaultPriority, rules.MinPriority, rules.MaxPriority);

        if (manifest.GetValue("InputData") is { } inputData)
        {
            var count = ManifestList(inputData).Length;
            if (count > rules.MaxInputData)
            {
                throw new JdlValidationException(
                    $"Number of Input Data Files ({count}) greater than current limit: {rules.MaxInputData}");
            }
        }

        if (manifest.GetValue("JobType") is { } jobType)
        {
            foreach (var type in ManifestList(jobType).Where(t => !rules.AllowedJobTypes.Contains(t, StringComparer.Ordinal)))
            {
                throw new JdlValidationException($"{type} is not a valid value for JobType");
            }
        }

        return manifest;
    }

    private static void CheckNumericalVar(JdlDocument manifest, string name, long defaultValue, long min, long max)
    {
        if (manifest.GetValue(name) is not { } value)
        {
            manifest.SetInt(name, Math.Max(min, Math.Min(defaultValue, max)));
            return;
        }

        // Stored as an int column downstream (UserPriority), so 32 bits is the real limit.
        var number = JdlText.ParsePythonInt(ManifestText(value));
        if (number is null or > int.MaxValue or < int.MinValue)
        {
            throw new JdlValidationException($"{name} must be a number");
        }

        // DIRAC's manifest rewrites numeric text as a bare number when it dumps the JDL.
        manifest.SetInt(name, number.Value);
    }

    /// <summary>The value as DIRAC's manifest (a CFG) holds it: list items joined by ", ", quotes removed.</summary>
    private static string ManifestText(JdlValue value) =>
        value is JdlList list
            ? string.Join(", ", list.Items.Select(i => JdlText.ItemText(i).Replace("\"", string.Empty, StringComparison.Ordinal)))
            : JdlText.AsText(value);

    private static string[] ManifestList(JdlValue value) =>
        ManifestText(value).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}
