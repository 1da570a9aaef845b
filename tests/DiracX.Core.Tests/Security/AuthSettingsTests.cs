using DiracX.Core.Settings;

namespace DiracX.Core.Tests.Security;

public class AuthSettingsTests
{
    private static AuthSettings Valid() => new()
    {
        TokenIssuer = "https://diracx.example",
        TokenKeystore = "file:///keystore/jwks.json",
        StateKey = "ZmDfcTF7_60GrrY167zsiPd67pEvs0aGOv2oasOM1Pg=",
    };

    [Fact]
    public void Defaults_are_DiracX_s()
    {
        var settings = new AuthSettings();

        Assert.Equal("myDIRACClientID", settings.DiracClientId);
        Assert.Empty(settings.AllowedRedirects);
        Assert.Equal(600, settings.DeviceFlowExpirationSeconds);
        Assert.Equal(300, settings.AuthorizationFlowExpirationSeconds);
        Assert.Equal(60, settings.CompletedFlowRetentionMinutes);
        Assert.Equal(["RS256", "Ed25519"], settings.TokenAllowedAlgorithms);
        Assert.Equal(20, settings.AccessTokenExpireMinutes);
        Assert.Equal(60, settings.RefreshTokenExpireMinutes);
        Assert.Equal(6, settings.RefreshTokenRetentionMonths);
        Assert.Null(settings.AvailableProperties);
    }

    [Fact]
    public void Complete_settings_have_no_problems()
    {
        Assert.Empty(Valid().Validate());
    }

    [Fact]
    public void Required_settings_are_reported_by_their_environment_variable()
    {
        var problems = new AuthSettings().Validate();

        Assert.Contains(problems, p => p.StartsWith("DIRACX_SERVICE_AUTH_TOKEN_ISSUER", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("DIRACX_SERVICE_AUTH_TOKEN_KEYSTORE", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("DIRACX_SERVICE_AUTH_STATE_KEY", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(60, 3600, 300)]
    [InlineData(5, 600, 300)]
    [InlineData(10, 600, 900)]
    public void Flow_retention_must_exceed_both_flow_expirations(int retention, int device, int authorization)
    {
        var valid = Valid();
        var settings = new AuthSettings
        {
            TokenIssuer = valid.TokenIssuer,
            TokenKeystore = valid.TokenKeystore,
            StateKey = valid.StateKey,
            CompletedFlowRetentionMinutes = retention,
            DeviceFlowExpirationSeconds = device,
            AuthorizationFlowExpirationSeconds = authorization,
        };

        var problem = Assert.Single(settings.Validate());
        Assert.StartsWith($"completed_flow_retention_minutes ({retention} minutes) must be bigger", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Unsupported_algorithms_and_a_malformed_state_key_are_reported()
    {
        var settings = new AuthSettings
        {
            TokenIssuer = "https://diracx.example",
            TokenKeystore = "{}",
            StateKey = "not-a-fernet-key",
            TokenAllowedAlgorithms = ["RS256", "none"],
        };

        var problems = settings.Validate();

        Assert.Equal(2, problems.Count);
        Assert.Contains(problems, p => p.Contains("unsupported algorithm 'none'", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("STATE_KEY", StringComparison.Ordinal));
    }
}
