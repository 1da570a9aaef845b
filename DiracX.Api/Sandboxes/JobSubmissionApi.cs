using DiracX.Client;
using DiracX.Client.Generated;
using DiracX.Core.Jdl;

namespace DiracX.Api.Sandboxes;

/// <summary>
/// Submission of JDLs whose <c>InputSandbox</c> names local files, as legacy DIRAC's <c>dirac-wms-job-submit</c> does:
/// the local files and folders of each JDL are packed into one sandbox, uploaded, and replaced in the JDL by the
/// sandbox's <c>SB:</c> PFN, which the service then assigns to the job as its Input sandbox at submission.
/// </summary>
/// <remarks>
/// An <c>InputSandbox</c> entry is kept as it is when it starts with <c>LFN:</c> (any case) or <c>SB:</c>; every other
/// entry is a local path, absolute or relative to the base directory, and must exist (a file or a folder, packed under
/// its own name at the top of the sandbox). The PFN takes the place of the first local entry; the other entries keep
/// their order. A JDL without local entries is sent exactly as given, and so is one that does not parse (the service
/// reports the syntax error).
/// </remarks>
public static class JobSubmissionApi
{
    /// <summary>
    /// Uploads the local input files of each JDL as its input sandbox, rewrites the JDLs, and submits them in one
    /// <c>POST /api/jobs/jdl</c>. JDLs naming the same local files share one sandbox. <paramref name="storage"/> talks
    /// to the sandbox store (it must not send the DiracX token); <paramref name="options"/> sets the zstd level and the
    /// progress callback.
    /// </summary>
    /// <param name="client">The DiracX client (the submitter's token).</param>
    /// <param name="storage">An HTTP client for the presigned S3 URLs.</param>
    /// <param name="jdls">The JDL texts.</param>
    /// <param name="baseDirectory">What relative input paths are relative to (the JDL file's folder, or the current one).</param>
    /// <param name="options">Sandbox creation options (DiracX's zstd level 18 by default).</param>
    /// <param name="cancellationToken">Cancels the uploads and the submission.</param>
    /// <returns>The inserted jobs, as the service returns them.</returns>
    /// <exception cref="FileNotFoundException">A local input file or folder does not exist (nothing is uploaded or submitted).</exception>
    /// <exception cref="ArgumentException">Two local inputs of one JDL have the same name.</exception>
    public static async Task<IReadOnlyList<InsertedJob>> SubmitJdlsAsync(DiracXClient client, HttpClient storage, IEnumerable<string> jdls,
        string baseDirectory, SandboxCreateOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        var prepared = await PrepareJdlsAsync(client, storage, jdls, baseDirectory, options, cancellationToken);
        return [.. await client.Jobs.SubmitJdlJobsAsync(prepared, cancellationToken)];
    }

    /// <summary>
    /// The JDLs as <see cref="SubmitJdlsAsync"/> would submit them: each JDL's local input files uploaded as a sandbox
    /// and replaced by its PFN. Every JDL is checked before anything is uploaded.
    /// </summary>
    public static async Task<IReadOnlyList<string>> PrepareJdlsAsync(DiracXClient client, HttpClient storage, IEnumerable<string> jdls,
        string baseDirectory, SandboxCreateOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(storage);
        return await PrepareJdlsAsync(jdls, baseDirectory,
            (paths, ct) => SandboxApi.CreateSandboxAsync(client, storage, paths, options, ct), cancellationToken);
    }

    /// <summary>
    /// The JDLs with their local input files replaced by the PFN that <paramref name="createSandbox"/> returns for them
    /// (called once per distinct set of local files, with full paths, after every JDL was checked). For callers with
    /// their own sandbox upload.
    /// </summary>
    public static Task<IReadOnlyList<string>> PrepareJdlsAsync(IEnumerable<string> jdls, string baseDirectory,
        Func<IReadOnlyList<string>, CancellationToken, Task<string>> createSandbox, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jdls);
        ArgumentNullException.ThrowIfNull(baseDirectory);
        return PrepareJdlsAsync(jdls.Select(jdl => (jdl, baseDirectory)), createSandbox, cancellationToken);
    }

    /// <summary>
    /// As <see cref="PrepareJdlsAsync(IEnumerable{string}, string, Func{IReadOnlyList{string}, CancellationToken, Task{string}}, CancellationToken)"/>
    /// for JDLs whose relative input paths are relative to their own folder (JDL files from several folders). Every
    /// JDL is checked before anything is uploaded, and JDLs naming the same files share one sandbox, whichever folder
    /// they come from.
    /// </summary>
    public static async Task<IReadOnlyList<string>> PrepareJdlsAsync(IEnumerable<(string Jdl, string BaseDirectory)> jdls,
        Func<IReadOnlyList<string>, CancellationToken, Task<string>> createSandbox, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(jdls);
        ArgumentNullException.ThrowIfNull(createSandbox);
        var plans = jdls.Select(j => Plan(j.Jdl, j.BaseDirectory)).ToList();
        var missing = plans.SelectMany(p => p.Local).Where(p => !File.Exists(p) && !Directory.Exists(p)).Distinct(StringComparer.Ordinal).ToList();
        if (missing.Count > 0)
        {
            throw new FileNotFoundException($"Input sandbox file not found: {string.Join(", ", missing)}", missing[0]);
        }
        var uploaded = new Dictionary<string, string>(StringComparer.Ordinal);
        var result = new List<string>(plans.Count);
        foreach (var plan in plans)
        {
            if (plan.Document is null || plan.Local.Count == 0)
            {
                result.Add(plan.Jdl);
                continue;
            }
            var key = string.Join('\0', plan.Local);
            if (!uploaded.TryGetValue(key, out var pfn))
            {
                pfn = await createSandbox(plan.Local, cancellationToken);
                uploaded[key] = pfn;
            }
            var entries = new List<string>();
            var placed = false;
            foreach (var entry in plan.Document.GetStringList("InputSandbox"))
            {
                if (entry.Length == 0 || !IsLocal(entry))
                {
                    entries.Add(entry);
                }
                else if (!placed)
                {
                    entries.Add(pfn);
                    placed = true;
                }
            }
            plan.Document.SetStringList("InputSandbox", entries);
            result.Add(JdlWriter.Write(plan.Document));
        }
        return result;
    }

    /// <summary>
    /// The local files and folders (full paths) of a JDL's <c>InputSandbox</c> that a submission would upload; empty for
    /// a JDL that does not parse (the server reports it).
    /// </summary>
    public static IReadOnlyList<string> LocalInputFiles(string jdl, string baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(baseDirectory);
        return Plan(jdl, baseDirectory).Local;
    }

    /// <summary>Whether an <c>InputSandbox</c> entry names a local file (neither <c>LFN:</c> nor <c>SB:</c>).</summary>
    public static bool IsLocal(string entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return !entry.StartsWith("LFN:", StringComparison.OrdinalIgnoreCase) && !entry.StartsWith("SB:", StringComparison.Ordinal);
    }

    private sealed record JdlPlan(string Jdl, JdlDocument? Document, IReadOnlyList<string> Local);

    private static JdlPlan Plan(string jdl, string baseDirectory)
    {
        ArgumentNullException.ThrowIfNull(jdl);
        ArgumentNullException.ThrowIfNull(baseDirectory);
        JdlDocument document;
        try
        {
            document = JdlParser.Parse(jdl);
        }
        catch (JdlException)
        {
            return new JdlPlan(jdl, null, []);
        }
        var local = document.GetStringList("InputSandbox").Where(e => e.Length > 0 && IsLocal(e))
            .Select(e => Path.TrimEndingDirectorySeparator(Path.GetFullPath(e, baseDirectory))).Distinct(StringComparer.Ordinal).ToList();
        var clash = local.GroupBy(p => Path.GetFileName(p), StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
        {
            throw new ArgumentException($"Input sandbox files with the same name would overwrite each other: {string.Join(", ", clash)}", nameof(jdl));
        }
        return new JdlPlan(jdl, document, local);
    }
}
