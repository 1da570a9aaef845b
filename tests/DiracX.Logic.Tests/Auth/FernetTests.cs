using System.Security.Cryptography;
using System.Text;
using DiracX.Core.Errors;
using DiracX.Logic.Auth;
using Microsoft.Extensions.Time.Testing;

namespace DiracX.Logic.Tests.Auth;

public class FernetTests
{
    // The test vector of the Fernet specification (generate.json / verify.json).
    private const string SpecKey = "cw_0x689RpI-jtRR7oE8h_eQsKImvJapLeSbXpwF4e4=";
    private const string SpecToken = "gAAAAAAdwJ6wAAECAwQFBgcICQoLDA0ODy021cpGVWKZ_eEwCGM4BLLF_5CV9dOPmrhuVUPgJobwOz7JcbmrR64jVmpU4IwqDA==";
    private static readonly DateTimeOffset s_specNow = DateTimeOffset.Parse("1985-10-26T01:20:01-07:00", System.Globalization.CultureInfo.InvariantCulture);

    // Made by Python's cryptography 48 with DiracX's encrypt_state at 2026-01-01T00:00:00Z.
    private const string PythonState = "gAAAAABpVbkAAAECAwQFBgcICQoLDA0OD3j92RSgMgDd9l9oO5WJGEDPPu6kNNC1xwalTqA5EtmCZceiiHSHgleyoH86FFRARzc9lEEGMetaHcfbXshm_zgG0m6YLGXIUmEIfxq2EZ-WracgFP-90Em4t7eIbAt9fl3DbSHD5DGF4AFhFJOYpX8F_S_PE33b1MLfdB9A9A-Sy0ZfGlgyU2p-FJN_KU0RAMzNvDED5liI9B6xS3yCOVYpgv1HYOGljAh1-YMLi-4xgHYihA4_TtlaPBRAHQfGs-qUqAIuvIT7UP6a5mVR7dg=";

    [Fact]
    public void The_specification_token_decrypts_to_its_message()
    {
        var plain = new Fernet(SpecKey).Decrypt(SpecToken, s_specNow, TimeSpan.FromSeconds(60));
        Assert.Equal("hello", Encoding.UTF8.GetString(plain));
    }

    [Fact]
    public void A_token_older_than_the_ttl_is_refused()
    {
        Assert.Throws<CryptographicException>(() => new Fernet(SpecKey).Decrypt(SpecToken, s_specNow.AddSeconds(120), TimeSpan.FromSeconds(60)));
    }

    [Fact]
    public void A_tampered_token_is_refused()
    {
        var bytes = Convert.FromBase64String(SpecToken.Replace('-', '+').Replace('_', '/'));
        bytes[^40] ^= 1;
        var tampered = Convert.ToBase64String(bytes).Replace('+', '-').Replace('/', '_');
        Assert.Throws<CryptographicException>(() => new Fernet(SpecKey).Decrypt(tampered, s_specNow));
    }

    [Fact]
    public void Encrypted_text_round_trips_and_another_key_cannot_read_it()
    {
        var now = DateTimeOffset.UtcNow;
        var token = new Fernet(SpecKey).Encrypt("secret state"u8, now);
        Assert.Equal("secret state", Encoding.UTF8.GetString(new Fernet(SpecKey).Decrypt(token, now, TimeSpan.FromMinutes(1))));
        Assert.Throws<CryptographicException>(() => new Fernet(Fernet.GenerateKey()).Decrypt(token, now));
    }

    [Fact]
    public void A_state_encrypted_by_python_diracx_is_read()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-01-01T00:01:00Z", System.Globalization.CultureInfo.InvariantCulture));
        var state = new FlowStateCipher(new Fernet(SpecKey), time, TimeSpan.FromMinutes(10)).Decrypt(PythonState);
        Assert.Equal("BCDFGHJK", state["user_code"]);
        Assert.Equal("lhcb", state["vo"]);
        Assert.Equal("urn:ietf:params:oauth:grant-type:device_code", state["grant_type"]);
    }

    [Fact]
    public void A_state_that_is_not_ours_is_an_invalid_state()
    {
        var cipher = new FlowStateCipher(new Fernet(SpecKey), TimeProvider.System, TimeSpan.FromMinutes(10));
        var e = Assert.Throws<DiracException>(() => cipher.Decrypt("invalid-state"));
        Assert.Equal("Invalid state", e.Message);
        var ours = cipher.Encrypt(new Dictionary<string, string> { ["uuid"] = "x" });
        Assert.Equal("x", cipher.Decrypt(ours)["uuid"]);
    }
}
