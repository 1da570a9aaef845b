using System.Collections.Concurrent;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DiracX.AppHost.Tests;

/// <summary>
/// ONE local stack for every test of <see cref="AppHostTests"/>: the AppHost started as <c>dotnet run --project
/// DiracX.AppHost</c> does (no mode given: on a machine without a container engine that is local mode), with a
/// throwaway local data folder, until the routers are healthy.
/// </summary>
public sealed class LocalStackFixture : IAsyncLifetime
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromMinutes(4);
    private readonly SummaryCapture _summary = new();
    private DistributedApplication? _app;

    /// <summary>The stack's local data folder.</summary>
    public string DataDir { get; } = Path.Combine(Path.GetTempPath(), $"diracx-apphost-test-{Guid.NewGuid():N}"[..36]);

    /// <summary>The running application.</summary>
    public DistributedApplication App => _app ?? throw new InvalidOperationException("The stack did not start.");

    /// <summary>The routers' URL.</summary>
    public Uri Routers => App.GetEndpoint("routers", "http");

    /// <summary>What the AppHost printed once the routers were ready (empty until then).</summary>
    public IReadOnlyCollection<string> Summary => _summary.Lines;

    public async ValueTask InitializeAsync()
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(s_startTimeout);
        var ct = timeout.Token;
        var appHost = await DistributedApplicationTestingBuilder.CreateAsync<Projects.DiracX_AppHost>(
            [$"--DiracX:LocalDataDir={DataDir}", "--DcpPublisher:WaitForResourceCleanup=false"], ct);
        appHost.Services.AddLogging(l => l.AddProvider(_summary));
        _app = await appHost.BuildAsync(ct);
        await _app.StartAsync(ct);
        try
        {
            await _app.ResourceNotifications.WaitForResourceHealthyAsync("routers", ct);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !TestContext.Current.CancellationToken.IsCancellationRequested)
        {
            throw new InvalidOperationException($"The routers were not healthy within {s_startTimeout}: {Describe(_app)}");
        }
    }

    private static string Describe(DistributedApplication app)
    {
        var model = app.Services.GetRequiredService<DistributedApplicationModel>();
        return string.Join("; ", model.Resources.Select(r =>
            app.ResourceNotifications.TryGetCurrentState(r.Name, out var e) ? $"{r.Name}={e.Snapshot.State?.Text}/{e.Snapshot.HealthStatus}" : r.Name));
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
            // postgres may still be writing while DCP stops it in the background
        }
    }

    /// <summary>Keeps the AppHost's ready summary (category <see cref="LocalStackSummary.Category"/>).</summary>
    private sealed class SummaryCapture : ILoggerProvider
    {
        private readonly ConcurrentQueue<string> _lines = new();

        public IReadOnlyCollection<string> Lines => _lines;

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName == LocalStackSummary.Category ? _lines : null);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<string>? lines) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => lines is not null;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                lines?.Enqueue(formatter(state, exception));
        }
    }
}
