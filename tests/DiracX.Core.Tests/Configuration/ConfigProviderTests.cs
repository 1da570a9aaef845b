using DiracX.Testing;
using DiracX.Core.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace DiracX.Core.Tests.Configuration;

public sealed class ConfigProviderTests : IAsyncLifetime
{
    private static readonly TimeSpan s_wait = TimeSpan.FromSeconds(30);
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private readonly CancellationTokenSource _stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
    private TestConfigRepository _repo = null!;
    private string _firstRevision = "";
    private ConfigProvider _provider = null!;
    private Task _loop = Task.CompletedTask;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        (_repo, _firstRevision) = await TestConfigRepository.CreateAsync(ConfigSamples.Valid, Ct);
        _provider = new ConfigProvider(GitConfigSource.Create(_repo.Url, new ConfigSchema()), _time, NullLogger<ConfigProvider>.Instance);
    }

    private async Task<ConfigSnapshot> StartAsync()
    {
        _loop = _provider.RunAsync(_stop.Token);
        return await _provider.WaitUntilReadyAsync(Ct).WaitAsync(s_wait, Ct);
    }

    /// <summary>Moves the fake clock (which fires the poll timer) and waits in real time for the poll's effect.</summary>
    private async Task AdvanceUntilAsync(TimeSpan by, Func<bool> condition)
    {
        _time.Advance(by);
        var deadline = DateTime.UtcNow + s_wait;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "The provider did not react in time");
            await Task.Delay(20, Ct);
        }
    }

    [Fact]
    public void Before_the_first_snapshot_the_configuration_is_not_ready()
    {
        var error = Assert.Throws<ConfigNotReadyException>(() => _provider.Current);

        Assert.Equal(ConfigProvider.NotLoadedYet, error.Message);
        Assert.False(_provider.TryGetCurrent(out _));
    }

    [Fact]
    public async Task The_first_snapshot_is_loaded_when_the_provider_starts()
    {
        var snapshot = await StartAsync();

        Assert.Equal(_firstRevision, snapshot.Revision);
        Assert.Same(snapshot, _provider.Current);
    }

    [Fact]
    public async Task A_new_commit_is_served_after_the_soft_ttl()
    {
        await StartAsync();
        var second = await _repo.CommitAsync(ConfigSamples.Valid.Replace("DefaultPriority: 2", "DefaultPriority: 4", StringComparison.Ordinal), "Priority", Ct);

        await AdvanceUntilAsync(TimeSpan.FromSeconds(5), () => _provider.Current.Revision == second);

        Assert.Equal(4, _provider.Current.Config.Operations["lhcb"].JobDescription.DefaultPriority);
        Assert.Equal(0, _provider.FailedRefreshCount);
    }

    [Fact]
    public async Task An_invalid_commit_is_ignored_logged_and_counted()
    {
        await StartAsync();
        await _repo.CommitAsync(ConfigSamples.Valid + "\nBogus: 1\n", "Broken", Ct);

        await AdvanceUntilAsync(TimeSpan.FromSeconds(5), () => _provider.FailedRefreshCount >= 1);

        Assert.Equal(_firstRevision, _provider.Current.Revision);
        Assert.Contains("Bogus: unknown key", _provider.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_repository_keeps_the_last_snapshot_until_the_hard_ttl()
    {
        await StartAsync();
        _repo.Dispose();

        await AdvanceUntilAsync(TimeSpan.FromMinutes(59), () => _provider.FailedRefreshCount >= 1);
        Assert.Equal(_firstRevision, _provider.Current.Revision);

        var failures = _provider.FailedRefreshCount;
        await AdvanceUntilAsync(TimeSpan.FromMinutes(2), () => _provider.FailedRefreshCount > failures);
        var error = Assert.Throws<ConfigNotReadyException>(() => _provider.Current);
        Assert.DoesNotContain("does not exist", error.Message, StringComparison.Ordinal);
        Assert.Contains("does not exist", _provider.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_successful_refresh_after_failures_serves_again()
    {
        await StartAsync();
        await _repo.CommitAsync("not: [valid", "Broken YAML", Ct);
        await AdvanceUntilAsync(TimeSpan.FromMinutes(61), () => _provider.FailedRefreshCount >= 1);
        Assert.Throws<ConfigNotReadyException>(() => _provider.Current);

        var fixedRevision = await _repo.CommitAsync(ConfigSamples.Valid, "Fixed", Ct);
        await AdvanceUntilAsync(TimeSpan.FromSeconds(5), () => _provider.TryGetCurrent(out var s) && s.Revision == fixedRevision);

        Assert.Null(_provider.LastError);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _loop.WaitAsync(s_wait, Ct);
        }
        catch (OperationCanceledException)
        {
            // The loop ends by cancellation.
        }
        _stop.Dispose();
        _provider.Dispose();
        _repo.Dispose();
    }
}
