using System.Text.RegularExpressions;
using DiracX.Core.Errors;
using DiracX.Core.Models;
using DiracX.Db.Jobs;
using DiracX.Db.Sandboxes;
using DiracX.Logic.Sandboxes;
using DiracX.Routers.Infrastructure.Authentication;
using DiracX.Routers.Jobs;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ValidationProblem = DiracX.Core.Errors.ValidationProblem;

namespace DiracX.Routers.Sandboxes;

/// <summary>Handlers of the sandbox routes of <c>/api/jobs</c>.</summary>
public static partial class SandboxEndpoints
{
    private const string ChecksumPattern = "^[0-9a-fA-F]{64}$";

    [GeneratedRegex(ChecksumPattern, RegexOptions.CultureInvariant)]
    private static partial Regex Checksum();

    /// <summary><c>POST /api/jobs/sandbox</c>: the sandbox's PFN, with a presigned POST when it must be uploaded.</summary>
    [EndpointSummary("Initiate sandbox upload")]
    [EndpointDescription("Returns the PFN of the sandbox (content-addressed in the caller's namespace). When the store does not "
        + "hold it yet, also a presigned POST (url and form fields) whose policy pins the key, the exact size and the checksum; "
        + "send the fields, then the file as the last field. 400 above 104857600 bytes.")]
    public static async Task<Ok<SandboxUploadResponse>> InitiateSandboxUpload([FromBody] SandboxInfo body, AuthorizedUser user,
        SandboxAccessPolicy policy, SandboxServices services, CancellationToken cancellationToken)
    {
        var info = Validate(body);
        await policy.CheckAsync(user, SandboxAction.Create, [], cancellationToken);
        return TypedResults.Ok(await SandboxLogic.InitiateUploadAsync(new SandboxUser(user.PreferredUsername, user.DiracGroup, user.Vo), info,
            services, cancellationToken));
    }

    /// <summary><c>GET /api/jobs/sandbox?pfn=</c>: a presigned GET of the sandbox, in the body (never a redirect).</summary>
    [EndpointSummary("Get sandbox file")]
    [EndpointDescription("Returns a short-lived presigned URL to download the sandbox, in the body rather than as a redirect so "
        + "that the bearer token never reaches the store. The PFN must be a sandbox of the caller (JobAdministrators: any).")]
    public static async Task<Ok<SandboxDownloadResponse>> GetSandboxFile([FromQuery] string pfn, AuthorizedUser user, SandboxAccessPolicy policy,
        SandboxServices services, CancellationToken cancellationToken)
    {
        CheckPfn(pfn, "query");
        await policy.CheckAsync(user, SandboxAction.Read, [pfn], cancellationToken);
        return TypedResults.Ok(await SandboxLogic.GetDownloadUrlAsync(pfn, services, cancellationToken));
    }

    /// <summary><c>GET /api/jobs/{job_id}/sandbox</c>: the job's input and output sandboxes (one-element lists, quirk A9).</summary>
    [EndpointSummary("Get job sandboxes")]
    [EndpointDescription("The job's input and output sandbox PFNs, each as a one-element list ([null] when there is none), as DiracX.")]
    public static async Task<Ok<Dictionary<string, IReadOnlyList<string?>>>> GetJobSandboxes(long job_id, AuthorizedUser user, WmsAccessPolicy policy,
        SandboxMetadataDb db, CancellationToken cancellationToken)
    {
        await policy.CheckAsync(user, WmsAction.Read, [job_id], cancellationToken);
        return TypedResults.Ok(await SandboxLogic.GetJobSandboxesAsync(job_id, db, cancellationToken));
    }

    /// <summary><c>GET /api/jobs/{job_id}/sandbox/{input|output}</c>: one of the job's sandboxes, as a one-element list.</summary>
    [EndpointSummary("Get job sandbox")]
    [EndpointDescription("The job's input or output sandbox PFN as a one-element list ([null] when there is none).")]
    public static async Task<Ok<IReadOnlyList<string?>>> GetJobSandbox(long job_id, string sandbox_type, AuthorizedUser user, WmsAccessPolicy policy,
        SandboxMetadataDb db, CancellationToken cancellationToken)
    {
        if (sandbox_type is not ("input" or "output"))
        {
            throw new RequestValidationException(new ValidationProblem(["path", "sandbox_type"], "Input should be 'input' or 'output'", "literal_error",
                sandbox_type, new Dictionary<string, object> { ["expected"] = "'input' or 'output'" }));
        }
        await policy.CheckAsync(user, WmsAction.Read, [job_id], cancellationToken);
        return TypedResults.Ok(await SandboxLogic.GetJobSandboxAsync(job_id, sandbox_type, db, cancellationToken));
    }

    /// <summary><c>PATCH /api/jobs/{job_id}/sandbox/output</c>: assigns an uploaded sandbox as the job's output.</summary>
    [EndpointSummary("Assign sandbox to job")]
    [EndpointDescription("Assigns the sandbox (a JSON string PFN, with or without SB:<SE>|) as the job's output sandbox. The sandbox "
        + "must belong to the job's owner. 400 \"Sandbox not found\" or \"Sandbox already assigned\".")]
    [ProducesResponseType<object>(StatusCodes.Status200OK)]
    public static async Task<ContentHttpResult> AssignSandboxToJob(long job_id, [FromBody] string pfn, AuthorizedUser user, WmsAccessPolicy policy,
        SandboxServices services, JobDb jobs, CancellationToken cancellationToken)
    {
        CheckPfn(pfn, "body");
        await policy.CheckAsync(user, WmsAction.Manage, [job_id], cancellationToken);
        await SandboxLogic.AssignOutputAsync(job_id, pfn, services, jobs, cancellationToken);
        return JsonNull();
    }

    /// <summary><c>DELETE /api/jobs/{job_id}/sandbox</c>: unassigns every sandbox of the job.</summary>
    [EndpointSummary("Unassign job sandboxes")]
    [EndpointDescription("Removes every sandbox mapping of the job; sandboxes left unmapped become unassigned (and are cleaned later).")]
    [ProducesResponseType<object>(StatusCodes.Status200OK)]
    public static async Task<ContentHttpResult> UnassignJobSandboxes(long job_id, AuthorizedUser user, WmsAccessPolicy policy,
        SandboxMetadataDb db, CancellationToken cancellationToken)
    {
        await policy.CheckAsync(user, WmsAction.Manage, [job_id], cancellationToken);
        await SandboxLogic.UnassignAsync([job_id], db, cancellationToken);
        return JsonNull();
    }

    /// <summary><c>POST /api/jobs/sandbox/unassign</c>: unassigns every sandbox of the jobs (204).</summary>
    [EndpointSummary("Unassign bulk jobs sandboxes")]
    [EndpointDescription("Removes every sandbox mapping of the jobs. 204.")]
    [ProducesResponseType(StatusCodes.Status204NoContent)]
    public static async Task<NoContent> UnassignBulkJobsSandboxes([FromBody] SandboxUnassignBody body, AuthorizedUser user, WmsAccessPolicy policy,
        SandboxMetadataDb db, Microsoft.Extensions.Options.IOptions<JobsSettings> settings, CancellationToken cancellationToken)
    {
        var ids = settings.Value.CheckIds(body.JobIds ?? []);
        await policy.CheckAsync(user, WmsAction.Manage, ids, cancellationToken);
        await SandboxLogic.UnassignAsync(ids, db, cancellationToken);
        return TypedResults.NoContent();
    }

    // DiracX answers these routes with a JSON null.
    private static ContentHttpResult JsonNull() => TypedResults.Text("null", "application/json");

    private static SandboxInfo Validate(SandboxInfo? body)
    {
        if (body is null)
        {
            throw new RequestValidationException(new ValidationProblem(["body"], "Field required", "missing"));
        }
        var problems = new List<ValidationProblem>();
        if (body.ChecksumAlgorithm != "sha256")
        {
            problems.Add(new(["body", "checksum_algorithm"], "Input should be 'sha256'", "literal_error", body.ChecksumAlgorithm,
                new Dictionary<string, object> { ["expected"] = "'sha256'" }));
        }
        if (body.Checksum is null || !Checksum().IsMatch(body.Checksum))
        {
            problems.Add(new(["body", "checksum"], $"String should match pattern '{ChecksumPattern}'", "string_pattern_mismatch", body.Checksum,
                new Dictionary<string, object> { ["pattern"] = ChecksumPattern }));
        }
        if (body.Size < 1)
        {
            problems.Add(new(["body", "size"], "Input should be greater than or equal to 1", "greater_than_equal", body.Size,
                new Dictionary<string, object> { ["ge"] = 1 }));
        }
        if (!SandboxLogic.Formats.Contains(body.Format))
        {
            problems.Add(new(["body", "format"], "Input should be 'tar.bz2' or 'tar.zst'", "literal_error", body.Format,
                new Dictionary<string, object> { ["expected"] = "'tar.bz2' or 'tar.zst'" }));
        }
        if (problems.Count > 0)
        {
            throw new RequestValidationException([.. problems]);
        }
        // The PFN (and the S3 key) spell the checksum in lowercase, as the PFN pattern requires.
        return body with { Checksum = body.Checksum!.ToLowerInvariant() };
    }

    private static void CheckPfn(string? pfn, string source)
    {
        if (pfn is null)
        {
            throw new RequestValidationException(new ValidationProblem(source == "query" ? ["query", "pfn"] : ["body"], "Field required", "missing"));
        }
        IReadOnlyList<object> loc = source == "query" ? ["query", "pfn"] : ["body"];
        if (pfn.Length > SandboxPfn.MaxLength)
        {
            throw new RequestValidationException(new ValidationProblem(loc, $"String should have at most {SandboxPfn.MaxLength} characters",
                "string_too_long", pfn, new Dictionary<string, object> { ["max_length"] = SandboxPfn.MaxLength }));
        }
        if (!SandboxPfn.IsValid(pfn))
        {
            throw new RequestValidationException(new ValidationProblem(loc, $"String should match pattern '{SandboxPfn.Pattern}'",
                "string_pattern_mismatch", pfn, new Dictionary<string, object> { ["pattern"] = SandboxPfn.Pattern }));
        }
    }
}
