using System.Text.Json.Nodes;
using DiracX.Core.Security;
using DiracX.Testing;

namespace DiracX.Core.Tests.Security;

public class JwksMaintenanceTests
{
    [Fact]
    public void Rotation_puts_a_new_Ed25519_signing_key_first_and_leaves_the_old_one_verify_only()
    {
        var original = JwksMaintenance.Rotate(null, TimeProvider.System);
        var rotated = JsonNode.Parse(JwksMaintenance.Rotate(original, TimeProvider.System))!["keys"]!.AsArray();

        Assert.Equal(2, rotated.Count);
        Assert.Equal("OKP", (string?)rotated[0]!["kty"]);
        Assert.Equal("Ed25519", (string?)rotated[0]!["alg"]);
        Assert.Equal(32, ((string)rotated[0]!["kid"]!).Length);
        Assert.Equal(["sign", "verify"], rotated[0]!["key_ops"]!.AsArray().Select(o => (string?)o));
        Assert.Equal(["verify"], rotated[1]!["key_ops"]!.AsArray().Select(o => (string?)o));
        Assert.Equal((string?)JsonNode.Parse(original)!["keys"]![0]!["kid"], (string?)rotated[1]!["kid"]);
    }

    [Fact]
    public void After_rotation_old_tokens_stay_valid_and_new_tokens_use_the_new_key()
    {
        using var before = TestKeystore.CreateEd25519();
        var oldToken = before.MintAccessToken(TestIdentity.NormalUser);

        using var after = TestKeystore.FromJwks(JwksMaintenance.Rotate(before.JwksJson, TimeProvider.System));
        var newToken = after.MintAccessToken(TestIdentity.Admin);

        Assert.Equal("chaen", after.Verifier.VerifyAccessToken(oldToken).PreferredUsername);
        Assert.NotEqual(before.Keystore.SigningKeyId, after.Keystore.SigningKeyId);
        Assert.Equal(after.Keystore.SigningKeyId, (string?)TokenForge.Header(newToken)["kid"]);
        Assert.Throws<InvalidTokenException>(() => before.Verifier.VerifyAccessToken(newToken));
    }

    [Fact]
    public void Rotating_an_RSA_keystore_keeps_the_RSA_key_for_verification()
    {
        using var rsa = TestKeystore.CreateRsa();
        var oldToken = rsa.MintRefreshToken();

        using var after = TestKeystore.FromJwks(JwksMaintenance.Rotate(rsa.JwksJson, TimeProvider.System));

        Assert.Equal("Ed25519", (string?)TokenForge.Header(after.MintRefreshToken())["alg"]);
        Assert.False(after.Verifier.VerifyRefreshToken(oldToken).LegacyExchange);
    }

    [Fact]
    public void Deleting_a_key_makes_its_tokens_invalid()
    {
        using var before = TestKeystore.CreateEd25519();
        var oldKid = before.Keystore.SigningKeyId!;
        var oldToken = before.MintAccessToken(TestIdentity.NormalUser);
        var rotated = JwksMaintenance.Rotate(before.JwksJson, TimeProvider.System);

        using var after = TestKeystore.FromJwks(JwksMaintenance.Delete(rotated, oldKid));

        Assert.DoesNotContain(oldKid, after.Keystore.KeyIds);
        var error = Assert.Throws<InvalidTokenException>(() => after.Verifier.VerifyAccessToken(oldToken));
        Assert.Equal("No key for kid", error.Reason);
    }

    [Fact]
    public void Deleting_an_unknown_kid_changes_nothing()
    {
        using var store = TestKeystore.CreateEd25519();

        var result = JwksMaintenance.Delete(store.JwksJson, "no-such-kid");

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(store.JwksJson), JsonNode.Parse(result)));
    }

    [Fact]
    public async Task Rotating_a_missing_file_creates_it_readable_by_its_owner_only()
    {
        var directory = Directory.CreateTempSubdirectory("jwks-");
        var path = Path.Combine(directory.FullName, "jwks.json");
        try
        {
            await JwksMaintenance.RotateFileAsync(path, TimeProvider.System, TestContext.Current.CancellationToken);
            await JwksMaintenance.RotateFileAsync(path, TimeProvider.System, TestContext.Current.CancellationToken);

            using var store = TokenKeystore.Load($"file://{path}");
            Assert.Equal(2, store.KeyIds.Count);
            Assert.Equal([path], Directory.GetFiles(directory.FullName));
            if (!OperatingSystem.IsWindows())
            {
                Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(path));
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Deleting_from_a_file_rewrites_it_without_the_key()
    {
        var directory = Directory.CreateTempSubdirectory("jwks-");
        var path = Path.Combine(directory.FullName, "jwks.json");
        var ct = TestContext.Current.CancellationToken;
        try
        {
            await JwksMaintenance.RotateFileAsync(path, TimeProvider.System, ct);
            await JwksMaintenance.RotateFileAsync(path, TimeProvider.System, ct);
            string oldKid;
            using (var before = TokenKeystore.Load(path))
            {
                oldKid = before.KeyIds[1];
            }

            await JwksMaintenance.DeleteFromFileAsync(path, oldKid, ct);

            using var after = TokenKeystore.Load(path);
            Assert.Single(after.KeyIds);
            Assert.DoesNotContain(oldKid, after.KeyIds);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
