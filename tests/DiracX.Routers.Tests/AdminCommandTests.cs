using DiracX.Core.Security;
using DiracX.Routers.Infrastructure.Hosting;

namespace DiracX.Routers.Tests;

public class AdminCommandTests
{
    [Fact]
    public async Task Rotation_adds_a_signing_key_keeps_the_old_for_verification_and_delete_removes_it()
    {
        var ct = TestContext.Current.CancellationToken;
        var path = Path.Combine(Path.GetTempPath(), $"jwks-{Guid.NewGuid():N}.json");
        try
        {
            var output = new StringWriter();
            Assert.Equal(0, await AdminCommand.RunAsync(["keys", "rotate", "--jwks-path", path], output, TextWriter.Null, TimeProvider.System, ct));
            using (var first = TokenKeystore.Load("file://" + path))
            {
                Assert.Single(first.KeyIds);
            }
            Assert.Equal(0, await AdminCommand.RunAsync(["rotate-jwk", "--jwks-path", path], output, TextWriter.Null, TimeProvider.System, ct));
            string oldKid;
            using (var second = TokenKeystore.Load("file://" + path))
            {
                Assert.Equal(2, second.KeyIds.Count);
                oldKid = second.KeyIds.Single(k => k != second.SigningKeyId);
            }
            Assert.Equal(0, await AdminCommand.RunAsync(["keys", "delete", "--jwks-path", path, "--kid", oldKid], output, TextWriter.Null, TimeProvider.System, ct));
            using var third = TokenKeystore.Load("file://" + path);
            Assert.DoesNotContain(oldKid, third.KeyIds);
            Assert.Contains("Deleted key", output.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Theory]
    [InlineData("keys")]
    [InlineData("keys rotate")]
    [InlineData("keys delete --jwks-path x")]
    [InlineData("keys explode --jwks-path x")]
    public async Task Wrong_usage_prints_help_and_exits_2(string commandLine)
    {
        var error = new StringWriter();
        Assert.Equal(2, await AdminCommand.RunAsync(commandLine.Split(' '), TextWriter.Null, error, TimeProvider.System, TestContext.Current.CancellationToken));
        Assert.Contains("usage:", error.ToString(), StringComparison.Ordinal);
    }
}
