using DiracX.Db.Auth;
using DiracX.Testing;

namespace DiracX.Db.Tests.Auth;

public class AuthDbTests(AuthDatabaseFixture fixture) : IClassFixture<AuthDatabaseFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Device_flows_get_diracx_user_codes_and_store_only_the_hash_of_the_device_code()
    {
        var (userCode, deviceCode) = await fixture.InTransactionAsync(db => db.InsertDeviceFlowAsync("client", "vo:lhcb", DateTimeOffset.UtcNow, Ct), Ct);
        Assert.Matches("^[BCDFGHJKLMNPQRSTVWXZ]{8}$", userCode);
        var flow = await fixture.InTransactionAsync(db => db.GetDeviceFlowForUpdateAsync(deviceCode, Ct), Ct);
        Assert.NotNull(flow);
        Assert.Equal(AuthDb.Hash(deviceCode), flow.DeviceCode);
        Assert.DoesNotContain(deviceCode, flow.DeviceCode, StringComparison.Ordinal);
        Assert.Null(await fixture.InTransactionAsync(db => db.GetDeviceFlowForUpdateAsync(AuthDb.Hash(deviceCode), Ct), Ct));
    }

    [Fact]
    public async Task A_device_flow_completes_once_and_only_while_pending_and_unexpired()
    {
        var now = DateTimeOffset.UtcNow;
        var (userCode, _) = await fixture.InTransactionAsync(db => db.InsertDeviceFlowAsync("client", "vo:lhcb", now.AddMinutes(-20), Ct), Ct);
        Assert.False(await fixture.InTransactionAsync(db => db.CompleteDeviceFlowAsync(userCode, """{"sub":"x"}""", now.AddMinutes(-10), Ct), Ct));
        var (fresh, _) = await fixture.InTransactionAsync(db => db.InsertDeviceFlowAsync("client", "vo:lhcb", now, Ct), Ct);
        Assert.True(await fixture.InTransactionAsync(db => db.CompleteDeviceFlowAsync(fresh, """{"sub":"x"}""", now.AddMinutes(-10), Ct), Ct));
        Assert.False(await fixture.InTransactionAsync(db => db.CompleteDeviceFlowAsync(fresh, """{"sub":"x"}""", now.AddMinutes(-10), Ct), Ct));
    }
}
