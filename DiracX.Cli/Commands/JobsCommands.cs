using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using DiracX.Api.Jobs;
using DiracX.Api.Sandboxes;
using DiracX.Core.Models;
using Spectre.Console;

namespace DiracX.Cli.Commands;

/// <summary>
/// <c>dirac jobs ...</c>: DiracX's <c>submit</c> and <c>search</c> (with our <c>--sort</c>), and ours (each documented with the route it calls):
/// <c>summary</c>, <c>status</c>, <c>history</c>, <c>kill</c>, <c>delete</c>, <c>reschedule</c>, <c>parameters</c>,
/// <c>sandbox download</c>.
/// </summary>
internal static class JobsCommands
{
    /// <summary>DiracX's default columns of <c>jobs search</c>.</summary>
    public static readonly string[] DefaultParameters =
        ["JobID", "Status", "MinorStatus", "ApplicationStatus", "JobGroup", "Site", "JobName", "Owner", "LastUpdateTime"];

    /// <summary>The largest page the server returns (its <c>per_page</c> limit).</summary>
    private const int MaxPerPage = 10000;

    /// <summary>The job columns offered by completion.</summary>
    private static readonly string[] s_columns =
    [
        "JobID", "JobType", "JobGroup", "Site", "JobName", "Owner", "OwnerGroup", "VO", "SubmissionTime", "RescheduleTime",
        "LastUpdateTime", "StartExecTime", "HeartBeatTime", "EndExecTime", "Status", "MinorStatus", "ApplicationStatus",
        "UserPriority", "RescheduleCounter", "VerifiedFlag", "AccountedFlag",
    ];

    public static Command Create(CliEnvironment environment)
    {
        var jobs = new Command("jobs", "Submit, search and manage jobs.");
        jobs.Subcommands.Add(Submit(environment));
        jobs.Subcommands.Add(Search(environment));
        jobs.Subcommands.Add(Summary(environment));
        jobs.Subcommands.Add(Status(environment));
        jobs.Subcommands.Add(History(environment));
        jobs.Subcommands.Add(ChangeStatus(environment, "kill", "Kill jobs (ours: PATCH /api/jobs/status with Status Killed).",
            (api, ids, ct) => Summarise(api.KillAsync(ids, ct))));
        jobs.Subcommands.Add(ChangeStatus(environment, "delete", "Delete jobs (ours: PATCH /api/jobs/status with Status Deleted).",
            (api, ids, ct) => Summarise(api.DeleteAsync(ids, ct))));
        jobs.Subcommands.Add(ChangeStatus(environment, "reschedule", "Reschedule jobs (ours: POST /api/jobs/reschedule).",
            async (api, ids, ct) =>
            {
                var result = await api.RescheduleAsync(ids, cancellationToken: ct);
                return (result.Success.Keys.ToList(), result.Failed.ToDictionary(f => f.Key, f => f.Value.Detail));
            }));
        jobs.Subcommands.Add(Parameters(environment));
        var sandbox = new Command("sandbox", "Job sandboxes.");
        sandbox.Subcommands.Add(SandboxDownload(environment));
        jobs.Subcommands.Add(sandbox);
        return jobs;
    }

    private static async Task<(List<string> Success, Dictionary<string, string> Failed)> Summarise(Task<Client.Generated.SetJobStatusResult> call)
    {
        var result = await call;
        return (result.Success.Keys.ToList(), result.Failed.ToDictionary(f => f.Key, f => f.Value.Detail));
    }

    private static Argument<long[]> JobIds() => new("job-id")
    {
        Description = "Job IDs.",
        Arity = ArgumentArity.OneOrMore,
        CustomParser = r => [.. r.Tokens.Select(t => ParseJobId(r, t.Value))],
    };

    private static Argument<long> JobId() => new("job-id")
    {
        Description = "The job.",
        CustomParser = r => r.Tokens.Count == 1 ? ParseJobId(r, r.Tokens[0].Value) : 0,
    };

    private static long ParseJobId(System.CommandLine.Parsing.ArgumentResult result, string token)
    {
        if (long.TryParse(token, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) && id > 0)
        {
            return id;
        }
        result.AddError($"'{token}' is not a job ID (a positive whole number).");
        return 0;
    }

    private static Command Submit(CliEnvironment environment)
    {
        var files = new Argument<FileInfo[]>("jdl") { Description = "JDL files; local files in their InputSandbox are uploaded in a sandbox.", Arity = ArgumentArity.OneOrMore };
        var command = CommandBuilder.Create(environment, "submit",
            "Submit jobs from JDL files (POST /api/jobs/jdl). Each file is checked first (a syntax error names its file and "
            + "nothing is submitted); any number of files is sent in requests of at most 20 jobs, a parametric JDL alone. "
            + "Prints DiracX's line with the new job ids (also when piped), or with --output json (or DIRACX_OUTPUT_FORMAT=JSON) the "
            + "inserted jobs as the server answers (JobID, Status, MinorStatus, TimeStamp).",
            ["dirac jobs submit job.jdl", "dirac jobs submit a.jdl b.jdl", "dirac jobs submit jobs/*.jdl --output json | jq '.[].JobID'"]);
        command.Arguments.Add(files);
        CommandBuilder.SetAction(command, environment, async (context, ct) =>
        {
            var jdls = new List<(string, string)>();
            foreach (var file in context.Parse.GetValue(files)!)
            {
                var path = Path.GetFullPath(file.ToString(), environment.WorkingDirectory);
                jdls.Add((await ReadJdlAsync(path, ct), Path.GetDirectoryName(path)!));
            }
            // The bar only when something is uploaded, and never into JSON or piped output.
            var uploads = jdls.Any(j => JobSubmissionApi.LocalInputFiles(j.Item1, j.Item2).Count > 0);
            IReadOnlyList<Client.Generated.InsertedJob> inserted = [];
            try
            {
                await WithTransferProgressAsync(context, "Uploading", uploads, async report =>
                    inserted = await context.Api.Jobs.SubmitAsync(jdls, report, ct));
            }
            catch (PartialSubmissionException partial)
            {
                WriteInserted(context, partial.Inserted);
                return CliErrors.Report(partial.InnerException!, context);
            }
            WriteInserted(context, inserted);
            return ExitCodes.Success;
        });
        return command;
    }

    private static void WriteInserted(CliContext context, IReadOnlyList<Client.Generated.InsertedJob> inserted)
    {
        // DiracX's line even when piped (scripts parse it); JSON only when asked for.
        if (context.JsonRequested)
        {
            context.WriteJson(JsonSerializer.SerializeToNode(inserted)); // as the server answered
        }
        else
        {
            context.WriteLine($"Inserted {inserted.Count} jobs with ids: {string.Join(",", inserted.Select(j => j.JobID))}");
        }
    }

    /// <summary>A JDL file's text, refusing what cannot be a job: a folder, an empty file, a syntax error (naming the file).</summary>
    private static async Task<string> ReadJdlAsync(string path, CancellationToken ct)
    {
        if (Directory.Exists(path))
        {
            throw new ArgumentException($"{path}: is a directory, not a JDL file");
        }
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"{path}: no such file", path);
        }
        var text = await File.ReadAllTextAsync(path, ct);
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ArgumentException($"{path}: the file is empty");
        }
        try
        {
            Core.Jdl.JdlParser.Parse(text);
        }
        catch (Core.Jdl.JdlSyntaxException e)
        {
            throw new ArgumentException($"{path}: {e.Message}");
        }
        return text;
    }

    private static Option<string[]> ConditionOption()
    {
        var condition = new Option<string[]>("--condition", "-c")
        {
            HelpName = "condition",
            Description = "A filter \"Parameter operator value\" (eq, neq, gt, lt, like, not like, regex, in, not in; in takes a JSON list). Repeatable, ANDed.",
        };
        condition.CompletionSources.Add(s_columns);
        return condition;
    }

    private static Command Search(CliEnvironment environment)
    {
        var parameter = new Option<string[]>("--parameter", "-p") { HelpName = "parameter", Description = "A column to show (repeatable; default: " + string.Join(", ", DefaultParameters) + ")." };
        parameter.CompletionSources.Add(s_columns);
        var condition = ConditionOption();
        var sort = new Option<(string Column, bool Descending)[]>("--sort", "-s")
        {
            HelpName = "column[:asc|desc]",
            Description = "Sort by a column, ascending unless ':desc' (repeatable, in order; e.g. JobID:desc for the newest first).",
            CustomParser = r => [.. r.Tokens.Select(t => ParseSort(r, t.Value))],
        };
        sort.CompletionSources.Add(s_columns);
        var all = new Option<bool>("--all") { Description = "Show all columns." };
        var page = new Option<int>("--page") { Description = "The page to show.", DefaultValueFactory = _ => 1 };
        var perPage = new Option<int>("--per-page") { Description = "Jobs per page (at most 10000).", DefaultValueFactory = _ => 10 };
        page.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() < 1)
            {
                r.AddError("--page must be at least 1.");
            }
        });
        perPage.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<int>() is < 1 or > MaxPerPage)
            {
                r.AddError($"--per-page must be between 1 and {MaxPerPage}.");
            }
        });
        var command = CommandBuilder.Create(environment, "search", "Search jobs (POST /api/jobs/search).",
            ["dirac jobs search", "dirac jobs search -c \"Status eq Running\" -p JobID -p Status", "dirac jobs search -c \"JobID in [1,2]\" --all",
             "dirac jobs search --sort JobID:desc --per-page 20", "dirac jobs search --page 2 --per-page 50 --output json"]);
        command.Options.Add(parameter);
        command.Options.Add(condition);
        command.Options.Add(sort);
        command.Options.Add(all);
        command.Options.Add(page);
        command.Options.Add(perPage);
        CommandBuilder.SetAction(command, environment, async (context, ct) =>
        {
            var search = context.Api.Jobs.Search();
            foreach (var c in context.Parse.GetValue(condition) ?? [])
            {
                search.Where(c);
            }
            foreach (var (column, descending) in context.Parse.GetValue(sort) ?? [])
            {
                search.OrderBy(column, descending);
            }
            string[]? columns = null;
            if (!context.Parse.GetValue(all))
            {
                columns = context.Parse.GetValue(parameter) is { Length: > 0 } chosen ? chosen : DefaultParameters;
                search.Select(columns);
            }
            var (pageNumber, size) = (context.Parse.GetValue(page), context.Parse.GetValue(perPage));
            var result = await search.Page(pageNumber, size).ExecuteAsync(ct);
            // A page past the end (the server's 416 with 'jobs */<total>') is not "no jobs": say how many pages there are.
            var empty = result.Rows.Count == 0 && result.ContentRange is not null && result.Total > 0
                ? $"No jobs on page {pageNumber}: {result.Total} jobs match, {(result.Total + size - 1) / size} pages of {size}"
                : "No jobs found";
            context.WriteRows(result.Rows, columns, Caption(result.ContentRange), empty);
            return ExitCodes.Success;
        });
        return command;
    }

    private static (string Column, bool Descending) ParseSort(System.CommandLine.Parsing.ArgumentResult result, string token)
    {
        var parts = token.Split(':', 2);
        var column = parts[0].Trim();
        var direction = parts.Length == 2 ? parts[1].Trim().ToLowerInvariant() : "asc";
        if (column.Length == 0)
        {
            result.AddError($"'{token}': give a column, e.g. JobID:desc.");
        }
        else if (direction is not ("asc" or "desc"))
        {
            result.AddError($"'{token}': the direction is asc or desc.");
        }
        return (column, direction == "desc");
    }

    /// <summary>DiracX's table caption from <c>Content-Range: jobs 0-9/20</c>.</summary>
    internal static string Caption(string? contentRange)
    {
        if (contentRange is not null && contentRange.Split(' ', 2) is [_, var range] && range.Split('/') is [var span, var total])
        {
            return $"Showing {span} of {total} jobs";
        }
        return "Showing all jobs";
    }

    private static Command Summary(CliEnvironment environment)
    {
        var grouping = new Option<string[]>("--grouping", "-g") { HelpName = "parameter", Description = "A column to group by (repeatable).", Required = true };
        grouping.CompletionSources.Add(s_columns);
        var condition = ConditionOption();
        var command = CommandBuilder.Create(environment, "summary", "Count jobs by columns (ours: POST /api/jobs/summary).",
            ["dirac jobs summary -g Status", "dirac jobs summary -g Status -g Site -c \"Owner eq chaen\""]);
        command.Options.Add(grouping);
        command.Options.Add(condition);
        CommandBuilder.SetAction(command, environment, async (context, ct) =>
        {
            var columns = context.Parse.GetValue(grouping)!;
            var search = (context.Parse.GetValue(condition) ?? []).Select(JobSearch.ParseCondition).ToList();
            var rows = await context.Client.JobQueries.SummaryAsync(new SummaryParams { Grouping = columns, Search = search }, ct);
            context.WriteRows(rows, [.. columns, "count"]);
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command Status(CliEnvironment environment)
    {
        var ids = JobIds();
        var command = CommandBuilder.Create(environment, "status", "Show the status of jobs (ours: POST /api/jobs/search on JobID).",
            ["dirac jobs status 1 2 3"]);
        command.Arguments.Add(ids);
        CommandBuilder.SetAction(command, environment, async (context, ct) =>
        {
            var jobIds = context.Parse.GetValue(ids)!;
            var result = await context.Api.Jobs.Search().WithIds(jobIds).Select("JobID", "Status", "MinorStatus", "ApplicationStatus", "Site", "LastUpdateTime")
                .OrderBy("JobID").Page(1, jobIds.Length).ExecuteAsync(ct);
            context.WriteRows(result.Rows, ["JobID", "Status", "MinorStatus", "ApplicationStatus", "Site", "LastUpdateTime"]);
            var found = result.Rows.Select(r => r?["JobID"]?.GetValue<long>()).ToHashSet();
            var missing = jobIds.Distinct().Where(j => !found.Contains(j)).ToList();
            foreach (var job in missing)
            {
                context.Environment.Error.WriteLine($"Job {job}: not found");
            }
            return missing.Count == 0 ? ExitCodes.Success : ExitCodes.Failure;
        });
        return command;
    }

    private static Command History(CliEnvironment environment)
    {
        var id = JobId();
        var command = CommandBuilder.Create(environment, "history",
            "Show the status history of a job (ours: POST /api/jobs/search with the LoggingInfo parameter).", ["dirac jobs history 42"]);
        command.Arguments.Add(id);
        CommandBuilder.SetAction(command, environment, async (context, ct) =>
        {
            var jobId = context.Parse.GetValue(id);
            var history = await context.Api.Jobs.GetHistoryAsync(jobId, ct);
            if (history.Count == 0 && (await context.Api.Jobs.GetStatusAsync([jobId], ct)).Count == 0)
            {
                context.Environment.Error.WriteLine($"Job {jobId}: not found");
                return ExitCodes.Failure;
            }
            context.WriteRows(history, null, null, "No history found");
            return ExitCodes.Success;
        });
        return command;
    }

    private static Command ChangeStatus(CliEnvironment environment, string name, string description,
        Func<JobsApi, long[], CancellationToken, Task<(List<string> Success, Dictionary<string, string> Failed)>> change)
    {
        var ids = JobIds();
        var command = CommandBuilder.Create(environment, name, description, [$"dirac jobs {name} 42", $"dirac jobs {name} 42 43 44"]);
        command.Arguments.Add(ids);
        CommandBuilder.SetAction(command, environment, async (context, ct) =>
        {
            var jobIds = context.Parse.GetValue(ids)!;
            var (success, failed) = await ExplainRefusalAsync(context, jobIds, true, () => change(context.Api.Jobs, jobIds, ct), ct);
            if (context.Json)
            {
                context.WriteJson(new JsonObject
                {
                    ["success"] = new JsonArray([.. success.Select(s => (JsonNode)JsonValue.Create(long.Parse(s, System.Globalization.CultureInfo.InvariantCulture)))]),
                    ["failed"] = new JsonObject(failed.Select(f => KeyValuePair.Create(f.Key, (JsonNode?)JsonValue.Create(f.Value)))),
                });
            }
            else
            {
                if (success.Count > 0)
                {
                    context.WriteLine($"{Past(name)} {success.Count} jobs: {string.Join(",", success)}");
                }
                foreach (var (job, detail) in failed)
                {
                    context.WriteLine($"Job {job}: {detail}");
                }
            }
            return failed.Count == 0 ? ExitCodes.Success : ExitCodes.Failure;
        });
        return command;
    }

    private static async Task ExplainRefusalAsync(CliContext context, IReadOnlyCollection<long> jobIds, bool changes, Func<Task> call,
        CancellationToken ct) =>
        await ExplainRefusalAsync(context, jobIds, changes, async () =>
        {
            await call();
            return true;
        }, ct);

    /// <summary>
    /// Runs a call on jobs; when the server refuses it (403, DiracX's job policy refuses the whole request when one job is
    /// missing or belongs to someone else, and says only "Forbidden"), names the jobs that are missing or not the user's.
    /// </summary>
    private static async Task<T> ExplainRefusalAsync<T>(CliContext context, IReadOnlyCollection<long> jobIds, bool changes, Func<Task<T>> call,
        CancellationToken ct)
    {
        try
        {
            return await call();
        }
        catch (Client.Generated.DiracXApiException e) when (e.StatusCode == 403)
        {
            string? why;
            try
            {
                why = await WhyRefusedAsync(context, jobIds, ct);
            }
            catch (Exception) when (!ct.IsCancellationRequested)
            {
                why = null;
            }
            if (why is null)
            {
                throw;
            }
            var detail = e.Detail ?? "Forbidden";
            throw new CliFailureException($"Error 403: {detail} ({why}{(changes ? "; nothing was changed" : "")})", e);
        }
    }

    private static async Task<string?> WhyRefusedAsync(CliContext context, IReadOnlyCollection<long> jobIds, CancellationToken ct)
    {
        var ids = jobIds.Distinct().ToList();
        var page = await context.Api.Jobs.Search().WithIds(ids).Select("JobID", "Owner").Page(1, Math.Max(1, ids.Count)).ExecuteAsync(ct);
        var owners = page.Rows.OfType<JsonObject>().ToDictionary(r => r["JobID"]!.GetValue<long>(), r => r["Owner"]?.GetValue<string>());
        var me = (await context.Client.GetJsonAsync("api/auth/userinfo", ct))?["preferred_username"]?.GetValue<string>();
        var missing = ids.Where(j => !owners.ContainsKey(j)).ToList();
        var foreign = ids.Where(j => owners.TryGetValue(j, out var owner) && me is not null && owner != me).ToList();
        var parts = new List<string>();
        if (missing.Count > 0)
        {
            parts.Add($"not found: {Jobs(missing)}");
        }
        if (foreign.Count > 0)
        {
            parts.Add($"not yours: {Jobs(foreign)}");
        }
        return parts.Count == 0 ? null : string.Join("; ", parts);
    }

    private static string Jobs(List<long> ids) => (ids.Count == 1 ? "job " : "jobs ") + string.Join(", ", ids);

    private static string Past(string verb) => verb switch
    {
        "kill" => "Killed",
        "delete" => "Deleted",
        _ => "Rescheduled",
    };

    private static Command Parameters(CliEnvironment environment)
    {
        var id = JobId();
        var command = CommandBuilder.Create(environment, "parameters", "Show the parameters of a job (ours: GET /api/jobs/{job_id}/parameters).",
            ["dirac jobs parameters 42"]);
        command.Arguments.Add(id);
        CommandBuilder.SetAction(command, environment, async (context, ct) =>
        {
            var jobId = context.Parse.GetValue(id);
            context.WriteJson(await ExplainRefusalAsync(context, [jobId], false, () => context.Client.GetJsonAsync($"api/jobs/{jobId}/parameters", ct), ct));
            return ExitCodes.Success;
        });
        return command;
    }

    /// <summary>
    /// Runs a sandbox transfer with a progress bar per sandbox on the console when <paramref name="show"/> and the output is
    /// not JSON (or piped); otherwise without progress.
    /// </summary>
    internal static async Task WithTransferProgressAsync(CliContext context, string description, bool show,
        Func<IProgress<SandboxTransfer>?, Task> transfer)
    {
        if (!show || context.Json)
        {
            await transfer(null);
            return;
        }
        await context.Console.Progress().StartAsync(async progress =>
        {
            var tasks = new Dictionary<string, ProgressTask>(StringComparer.Ordinal);
            var gate = new object();
            // Reported synchronously: Progress<T> would post to the thread pool and could update after the bar ended.
            var report = new SyncProgress<SandboxTransfer>(t =>
            {
                lock (gate)
                {
                    if (!tasks.TryGetValue(t.Name, out var task))
                    {
                        tasks[t.Name] = task = progress.AddTask(description, autoStart: true, maxValue: 1);
                    }
                    task.MaxValue = t.TotalBytes ?? Math.Max(t.Bytes, 1);
                    task.Value = t.Bytes;
                }
            });
            await transfer(report);
            lock (gate)
            {
                foreach (var task in tasks.Values)
                {
                    task.Value = task.MaxValue;
                }
            }
        });
    }

    private sealed class SyncProgress<T>(Action<T> handler) : IProgress<T>
    {
        public void Report(T value) => handler(value);
    }

    private static Command SandboxDownload(CliEnvironment environment)
    {
        var id = JobId();
        var type = new Option<string>("--type") { Description = "Output or Input.", DefaultValueFactory = _ => "Output" };
        type.AcceptOnlyFromAmong(StringComparer.OrdinalIgnoreCase, "Output", "Input");
        type.CompletionSources.Add("Output", "Input");
        var destination = new Option<DirectoryInfo?>("--destination", "-d") { Description = "Where to extract (default: the current directory)." };
        var command = CommandBuilder.Create(environment, "download",
            "Download and extract a job's sandbox (ours: the sandbox routes of the job, GET /api/jobs/{job_id}/sandbox/{type} then GET /api/jobs/sandbox).",
            ["dirac jobs sandbox download 42", "dirac jobs sandbox download 42 --destination out/"]);
        command.Arguments.Add(id);
        command.Options.Add(type);
        command.Options.Add(destination);
        CommandBuilder.SetAction(command, environment, async (context, ct) =>
        {
            var target = context.Parse.GetValue(destination)?.FullName ?? environment.WorkingDirectory;
            IReadOnlyList<string> files = [];
            var jobId = context.Parse.GetValue(id);
            var kind = context.Parse.GetValue(type)!;
            kind = kind.Equals("input", StringComparison.OrdinalIgnoreCase) ? "Input" : "Output";
            await ExplainRefusalAsync(context, [jobId], false, () => WithTransferProgressAsync(context, "Downloading", true, async report =>
                files = await context.Api.Jobs.Sandboxes.DownloadJobSandboxAsync(jobId, kind, target, report, ct)), ct);
            if (context.Json)
            {
                context.WriteJson(JsonSerializer.SerializeToNode(files));
            }
            else if (files.Count == 0)
            {
                context.WriteLine($"Job {jobId} has no {kind} sandbox: nothing to download");
            }
            else
            {
                foreach (var file in files)
                {
                    context.WriteLine(file);
                }
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
