using DiracX.Core.Configuration;
using DiracX.Core.Security;
using DiracX.Db.Auth;
using DiracX.Logic.Auth;
using DiracX.Testing;
using Microsoft.Extensions.Time.Testing;

namespace DiracX.Logic.Tests.Auth;

/// <summary>The token grants against a real AuthDB on a fake clock: expiry of device codes and of sessions.</summary>
public class TokenGrantsTests(AuthDatabaseFixture fixture) : IClassFixture<AuthDatabaseFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly Config s_config = ConfigParser.Parse(TestConfigs.Default, new ConfigSchema());

    private static AuthFlowContext Context(AuthDb db, TestKeystore keystore, FakeTimeProvider time) => new(db, s_config, keystore.Settings,
        new AuthFlowSettings(), new HashSet<string>(SecurityProperty.BuiltIn), keystore.Issuer, keystore.Verifier, time);

    private static string IdToken(TestIdentity identity) => $$"""{"sub":"{{identity.IdpSubject}}"}""";

    [Fact]
    public async Task A_device_code_older_than_the_flow_lifetime_is_401_expired()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var keystore = TestKeystore.CreateEd25519(time);
        var (userCode, deviceCode) = await fixture.InTransactionAsync(db => db.InsertDeviceFlowAsync("myDIRACClientID", "vo:lhcb", time.GetUtcNow(), Ct), Ct);
        await fixture.InTransactionAsync(db => db.CompleteDeviceFlowAsync(userCode, IdToken(TestIdentity.NormalUser), time.GetUtcNow().AddMinutes(-1), Ct), Ct);
        time.Advance(TimeSpan.FromSeconds(601));
        var e = await Assert.ThrowsAsync<InvalidCredentialsException>(() => fixture.InTransactionAsync(
            db => TokenGrants.GetTokenAsync(Context(db, keystore, time), new TokenRequest(GrantTypes.DeviceCode, "myDIRACClientID", DeviceCode: deviceCode), Ct), Ct));
        Assert.Equal("Device code expired", e.Message);
    }

    [Fact]
    public async Task A_session_ends_at_its_first_expiry_however_often_it_is_refreshed()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var keystore = TestKeystore.CreateEd25519(time);
        var (userCode, deviceCode) = await fixture.InTransactionAsync(db => db.InsertDeviceFlowAsync("myDIRACClientID", "vo:lhcb", time.GetUtcNow(), Ct), Ct);
        await fixture.InTransactionAsync(db => db.CompleteDeviceFlowAsync(userCode, IdToken(TestIdentity.NormalUser), time.GetUtcNow().AddMinutes(-1), Ct), Ct);
        var tokens = await fixture.InTransactionAsync(db => TokenGrants.GetTokenAsync(Context(db, keystore, time),
            new TokenRequest(GrantTypes.DeviceCode, "myDIRACClientID", DeviceCode: deviceCode), Ct), Ct);
        var sessionEnd = keystore.Verifier.VerifyRefreshToken(tokens.RefreshToken!).Exp;
        var expected = time.GetUtcNow().AddMinutes(60).ToUnixTimeSeconds();
        Assert.InRange(sessionEnd.ToUnixTimeSeconds(), expected - 1, expected);

        for (var i = 0; i < 3; i++)
        {
            time.Advance(TimeSpan.FromMinutes(19));
            tokens = await fixture.InTransactionAsync(db => TokenGrants.GetTokenAsync(Context(db, keystore, time),
                new TokenRequest(GrantTypes.RefreshToken, "myDIRACClientID", RefreshToken: tokens.RefreshToken), Ct), Ct);
            Assert.Equal(sessionEnd, keystore.Verifier.VerifyRefreshToken(tokens.RefreshToken!).Exp);
        }
        time.Advance(TimeSpan.FromMinutes(4));
        var e = await Assert.ThrowsAsync<InvalidCredentialsException>(() => fixture.InTransactionAsync(db => TokenGrants.GetTokenAsync(
            Context(db, keystore, time), new TokenRequest(GrantTypes.RefreshToken, "myDIRACClientID", RefreshToken: tokens.RefreshToken), Ct), Ct));
        Assert.Equal("expired_token: The token is expired", e.Message);
    }
}
