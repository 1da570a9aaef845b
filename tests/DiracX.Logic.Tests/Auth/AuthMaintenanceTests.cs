using DiracX.Core.Settings;
using DiracX.Db.Auth;
using DiracX.Logic.Auth;
using DiracX.Testing;
using Microsoft.Extensions.Time.Testing;

namespace DiracX.Logic.Tests.Auth;

/// <summary>AuthDB maintenance through Logic: pruning old flows and tokens, listing refresh tokens.</summary>
public class AuthMaintenanceTests(AuthDatabaseFixture fixture) : IClassFixture<AuthDatabaseFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Pruning_deletes_old_flows_and_expired_tokens_but_keeps_revoked_live_tokens_for_reuse_detection()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var now = time.GetUtcNow();
        var settings = new AuthSettings { CompletedFlowRetentionMinutes = 60 };
        var (oldFlow, _) = await fixture.InTransactionAsync(db => db.InsertDeviceFlowAsync("c", "vo:lhcb", now.AddHours(-2), Ct), Ct);
        var (newFlow, _) = await fixture.InTransactionAsync(db => db.InsertDeviceFlowAsync("c", "vo:lhcb", now, Ct), Ct);
        Guid expired = Guid.CreateVersion7(), revokedLive = Guid.CreateVersion7(), live = Guid.CreateVersion7();
        await fixture.InTransactionAsync(async db =>
        {
            await db.InsertRefreshTokenAsync(expired, "lhcb:prune", "vo:lhcb", now.AddMinutes(-1), Ct);
            await db.InsertRefreshTokenAsync(revokedLive, "lhcb:prune", "vo:lhcb", now.AddMinutes(30), Ct);
            await db.InsertRefreshTokenAsync(live, "lhcb:prune", "vo:lhcb", now.AddMinutes(30), Ct);
            await db.RevokeRefreshTokenAsync(revokedLive, Ct);
            return 0;
        }, Ct);

        var result = await fixture.InTransactionAsync(db => AuthDbCleanup.PruneAsync(db, settings, time, Ct), Ct);

        Assert.True(result.DeviceFlows >= 1);
        Assert.True(result.RefreshTokens >= 1);
        Assert.Null(await fixture.InTransactionAsync(db => db.GetDeviceFlowStatusAsync(oldFlow, Ct), Ct));
        Assert.Equal(FlowStatus.Pending, await fixture.InTransactionAsync(db => db.GetDeviceFlowStatusAsync(newFlow, Ct), Ct));
        Assert.Null(await fixture.InTransactionAsync(db => db.GetRefreshTokenForUpdateAsync(expired, Ct), Ct));
        Assert.Equal(RefreshTokenStatus.Revoked, (await fixture.InTransactionAsync(db => db.GetRefreshTokenForUpdateAsync(revokedLive, Ct), Ct))!.Status);
        Assert.NotNull(await fixture.InTransactionAsync(db => db.GetRefreshTokenForUpdateAsync(live, Ct), Ct));
    }

    [Fact]
    public async Task A_subject_lists_its_live_tokens_and_a_manager_lists_every_token()
    {
        var now = DateTimeOffset.UtcNow;
        Guid first = Guid.CreateVersion7(), second = Guid.CreateVersion7();
        await fixture.InTransactionAsync(async db =>
        {
            await db.InsertRefreshTokenAsync(first, "lhcb:list", "vo:lhcb", now.AddHours(1), Ct);
            await db.InsertRefreshTokenAsync(second, "lhcb:list", "vo:lhcb", now.AddHours(1), Ct);
            await db.RevokeRefreshTokenAsync(first, Ct);
            return 0;
        }, Ct);
        var own = await fixture.InTransactionAsync(db => RefreshTokenManagement.ListAsync(db, "lhcb:list", Ct), Ct);
        Assert.Equal([second.ToString()], own.Select(t => t.Jti));
        Assert.Equal(1, own[0].Status);
        var all = await fixture.InTransactionAsync(db => RefreshTokenManagement.ListAsync(db, null, Ct), Ct);
        Assert.Contains(all, t => t.Jti == first.ToString() && t.Status == 2);
    }
}
