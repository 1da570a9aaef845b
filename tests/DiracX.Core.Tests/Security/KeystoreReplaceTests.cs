using DiracX.Core.Security;
using DiracX.Testing;

namespace DiracX.Core.Tests.Security;

/// <summary>Replacing the keys of a running keystore: the verifier sees the new set at once, and caches are told.</summary>
public class KeystoreReplaceTests
{
    [Fact]
    public void A_deleted_key_stops_verifying_at_once_and_the_change_is_announced()
    {
        var first = JwksMaintenance.Rotate(null, TimeProvider.System);
        var both = JwksMaintenance.Rotate(first, TimeProvider.System);
        using var store = TestKeystore.FromJwks(both);
        var token = store.MintAccessToken(TestIdentity.NormalUser);
        Assert.Equal("chaen", store.Verifier.VerifyAccessToken(token).PreferredUsername);
        var flushed = 0;
        store.Keystore.Changed += _ => flushed++;

        store.Keystore.ReplaceKeys(JwksMaintenance.Delete(both, store.Keystore.SigningKeyId!));

        Assert.Equal(1, flushed);
        Assert.Equal(1, store.Keystore.Version);
        Assert.Throws<InvalidTokenException>(() => store.Verifier.VerifyAccessToken(token));
    }

    [Fact]
    public void An_invalid_replacement_keeps_the_current_keys()
    {
        using var store = TestKeystore.CreateEd25519();
        var kids = store.Keystore.KeyIds;

        Assert.Throws<TokenKeystoreException>(() => store.Keystore.ReplaceKeys("{\"keys\": []}"));

        Assert.Equal(kids, store.Keystore.KeyIds);
        Assert.Equal(0, store.Keystore.Version);
    }
}
