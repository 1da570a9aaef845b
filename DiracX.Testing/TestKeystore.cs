using System.Text.Json.Nodes;
using DiracX.Core.Security;
using DiracX.Core.Settings;

namespace DiracX.Testing;

/// <summary>An identity to mint a token for (the parts of an access token that name the caller).</summary>
public sealed record TestIdentity(
    string Vo,
    string IdpSubject,
    string PreferredUsername,
    string DiracGroup,
    IReadOnlyList<string> Properties)
{
    /// <summary>A normal lhcb user (DiracX's test registry user "chaen").</summary>
    public static TestIdentity NormalUser { get; } = new(
        "lhcb", "b824d4dc-1f9d-4ee8-8df5-c0ae55d46041", "chaen", "lhcb_user", ["NormalUser", "PrivateLimitedDelegation"]);

    /// <summary>A job administrator of lhcb.</summary>
    public static TestIdentity Admin { get; } = new(
        "lhcb", "c935e5ed-2f0e-5ff9-9ef1-d1bf66e57152", "albdr", "lhcb_admin", ["JobAdministrator"]);

    /// <summary>A pilot of lhcb (preferred_username is the pilot job reference, as DiracX's pilot exchange sets it).</summary>
    public static TestIdentity Pilot { get; } = new(
        "lhcb", "pilot-ref-0001", "pilot-ref-0001", "lhcb_pilot", ["GenericPilot", "LimitedDelegation"]);

    /// <summary>A normal user of another VO.</summary>
    public static TestIdentity OtherVoUser { get; } = new(
        "gridpp", "0b6e7f1c-3a5d-4c2e-9f8a-1d2c3b4a5e6f", "alice", "gridpp_user", ["NormalUser"]);
}

/// <summary>
/// A generated keystore with an issuer and a verifier over it, minting real signed tokens for any identity.
/// Meant to move to DiracX.Testing for the HTTP tests.
/// </summary>
public sealed class TestKeystore : IDisposable
{
    /// <summary>The issuer of DiracX's test settings.</summary>
    public const string DefaultIssuer = "http://lhcbdirac.cern.ch/";

    private TestKeystore(string jwksJson, TimeProvider timeProvider, IReadOnlyList<string>? allowedAlgorithms)
    {
        JwksJson = jwksJson;
        TimeProvider = timeProvider;
        Settings = new AuthSettings
        {
            TokenIssuer = DefaultIssuer,
            TokenKeystore = jwksJson,
            StateKey = Convert.ToBase64String(new byte[32]).Replace('+', '-').Replace('/', '_'),
            TokenAllowedAlgorithms = allowedAlgorithms ?? ["RS256", "Ed25519"],
        };
        Keystore = TokenKeystore.Load(jwksJson);
        Issuer = new DiracXTokenIssuer(Keystore, Settings, timeProvider);
        Verifier = new DiracXTokenVerifier(Keystore, Settings, timeProvider);
    }

    /// <summary>The private JWKS (what DIRACX_SERVICE_AUTH_TOKEN_KEYSTORE would hold).</summary>
    public string JwksJson { get; }

    /// <summary>Settings naming this keystore and <see cref="DefaultIssuer"/>.</summary>
    public AuthSettings Settings { get; }

    /// <summary>The clock used for token times.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>The loaded keystore.</summary>
    public TokenKeystore Keystore { get; }

    /// <summary>An issuer signing with the keystore.</summary>
    public DiracXTokenIssuer Issuer { get; }

    /// <summary>A verifier over the keystore.</summary>
    public DiracXTokenVerifier Verifier { get; }

    /// <summary>A keystore with one Ed25519 signing key, as DiracX's <c>rotate-jwk</c> creates it.</summary>
    public static TestKeystore CreateEd25519(TimeProvider? timeProvider = null) =>
        FromJwks(JwksMaintenance.Rotate(null, timeProvider ?? TimeProvider.System), timeProvider);

    /// <summary>A keystore with one RS256 signing key.</summary>
    public static TestKeystore CreateRsa(TimeProvider? timeProvider = null)
    {
        var kid = JsonWebKeyGenerator.NewKeyId(timeProvider ?? TimeProvider.System);
        var jwks = new JsonObject { ["keys"] = new JsonArray(JsonWebKeyGenerator.CreateRsa(kid, ["sign", "verify"])) };
        return FromJwks(jwks.ToJsonString(), timeProvider);
    }

    /// <summary>A test keystore over given JWKS JSON.</summary>
    public static TestKeystore FromJwks(
        string jwksJson, TimeProvider? timeProvider = null, IReadOnlyList<string>? allowedAlgorithms = null) =>
        new(jwksJson, timeProvider ?? TimeProvider.System, allowedAlgorithms);

    /// <summary>A signed access token for <paramref name="identity"/>.</summary>
    public string MintAccessToken(TestIdentity identity) => Issuer.Sign(AccessPayload(identity));

    /// <summary>The access-token payload <see cref="MintAccessToken"/> signs.</summary>
    public AccessTokenPayload AccessPayload(TestIdentity identity) => Issuer.CreateAccessPayload(
        identity.Vo, identity.IdpSubject, identity.PreferredUsername, identity.DiracGroup, identity.Properties);

    /// <summary>A signed refresh token of a new session.</summary>
    public string MintRefreshToken(bool legacyExchange = false) =>
        Issuer.Sign(Issuer.CreateRefreshPayload(legacyExchange));

    /// <inheritdoc />
    public void Dispose() => Keystore.Dispose();
}
