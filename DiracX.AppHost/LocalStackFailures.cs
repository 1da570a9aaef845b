using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DiracX.AppHost;

/// <summary>
/// A resource of the local stack that ends in error (the migration service exiting 1, PostgreSQL's initdb failing, a
/// process that cannot start) is said on the AppHost's console with its last lines of output and what waits for it.
/// Aspire shows such a failure only in the dashboard: the routers and the tasks host, which wait for the migrations,
/// would stay "Waiting" while the console says nothing.
/// </summary>
public static class LocalStackFailures
{
    /// <summary>How many of the failed resource's last output lines are printed.</summary>
    public const int LastLines = 15;

    /// <summary>Whether a resource's state is an end in error (exited non-zero, or could not start).</summary>
    public static bool IsFailure(string? state, int? exitCode) =>
        state == KnownResourceStates.FailedToStart
        || ((state == KnownResourceStates.Finished || state == KnownResourceStates.Exited) && exitCode is { } code && code != 0);

    /// <summary>The report of <paramref name="resource"/>'s failure.</summary>
    public static string Text(string resource, string? state, int? exitCode, IReadOnlyList<string> waiting, IReadOnlyList<string> lastLines)
    {
        var text = new StringBuilder().Append("DiracX local stack: ").Append(resource)
            .Append(exitCode is { } code ? $" exited with code {code}" : $" failed ({state})");
        text.AppendLine(waiting.Count == 0 ? "." : $"; {string.Join(", ", waiting)} wait{(waiting.Count == 1 ? "s" : "")} for it and will not start.");
        if (lastLines.Count > 0)
        {
            text.AppendLine("  its last lines of output:");
            foreach (var line in lastLines)
            {
                text.Append("    ").AppendLine(line);
            }
        }
        return text.AppendLine("  Fix the cause and start the AppHost again (the dashboard has all of its output).").ToString();
    }

    /// <summary>Reports failed resources of a local run in the AppHost's log, which its console shows (category <see cref="LocalStackSummary.Category"/>).</summary>
    public static void Report(IDistributedApplicationBuilder builder) =>
        builder.Eventing.Subscribe<BeforeStartEvent>((e, cancellationToken) =>
        {
            var waits = e.Model.Resources
                .SelectMany(r => r.Annotations.OfType<WaitAnnotation>().Select(w => (On: w.Resource.Name, By: r.Name)))
                .ToList();
            var stopping = e.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
            _ = WatchAsync(e.Services, waits, stopping);
            return Task.CompletedTask;
        });

    private static async Task WatchAsync(IServiceProvider services, IReadOnlyList<(string On, string By)> waits, CancellationToken stopping)
    {
        var waiting = waits.ToLookup(w => w.On, w => w.By);
        var waitsFor = waits.ToLookup(w => w.By, w => w.On);
        var failed = new HashSet<string>(StringComparer.Ordinal);
        var notifications = services.GetRequiredService<ResourceNotificationService>();
        var logs = services.GetRequiredService<ResourceLoggerService>();
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(LocalStackSummary.Category);
        var reported = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            await foreach (var update in notifications.WatchAsync(stopping))
            {
                var state = update.Snapshot.State?.Text;
                // Resources stopped by Ctrl+C end with signals' exit codes: not a failure to report.
                if (stopping.IsCancellationRequested || !IsFailure(state, update.Snapshot.ExitCode) || !reported.Add(update.ResourceId))
                {
                    continue;
                }
                failed.Add(update.Resource.Name);
                // Aspire marks what waited for a failed resource as failed to start: already said with that resource.
                if (waitsFor[update.Resource.Name].Any(failed.Contains))
                {
                    continue;
                }
                var lines = new List<string>();
                await foreach (var batch in logs.GetAllAsync(update.ResourceId).WithCancellation(stopping))
                {
                    lines.AddRange(batch.Select(l => l.Content));
                }
                var text = Text(update.Resource.Name, state, update.Snapshot.ExitCode,
                    [.. waiting[update.Resource.Name].Distinct().Order(StringComparer.Ordinal)], lines.TakeLast(LastLines).ToList());
                logger.LogError("{Failure}", text);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The AppHost is stopping.
        }
        catch (Exception e)
        {
            // A report that cannot be made must not take the AppHost down; the dashboard still shows the failure.
            logger.LogWarning(e, "Failed resources of the local stack can no longer be reported on the console");
        }
    }
}
