using DiracX.Core.Logging;

namespace DiracX.Core.Tests.Platform;

public class SecretRedactorTests
{
    [Theory]
    [InlineData("token eyJhbGciOiJFZDI1NTE5In0.eyJzdWIiOiJ4In0.c2lnbmF0dXJl here", "token [REDACTED] here")]
    [InlineData("Authorization: Bearer abc.def-ghi", "Authorization: Bearer [REDACTED]")]
    [InlineData("https://s3/b/k?X-Amz-Credential=AKIA/x&X-Amz-Signature=deadbeef&x=1", "https://s3/b/k?X-Amz-Credential=[REDACTED]&X-Amz-Signature=[REDACTED]&x=1")]
    [InlineData("{\"refresh_token\": \"r1\", \"password\":\"p\"}", "{\"refresh_token\": \"[REDACTED]\", \"password\":\"[REDACTED]\"}")]
    [InlineData("'git fetch https://alice:s3cret@git.example.org/cs.git' failed", "'git fetch https://alice:***@git.example.org/cs.git' failed")]
    [InlineData("git+https://git.example.org/cs.git?private_token=glpat-123&ref=master", "git+https://git.example.org/cs.git?private_token=[REDACTED]&ref=master")]
    [InlineData("nothing secret", "nothing secret")]
    public void Secrets_are_masked_and_the_rest_is_kept(string text, string expected) =>
        Assert.Equal(expected, SecretRedactor.Redact(text));
}
