using Aspire.Hosting.Testing;

namespace DiracX.AppHost.Tests;

public sealed class MissingBinaryTests
{
    [Fact]
    public async Task Local_mode_names_a_missing_program_instead_of_waiting()
    {
        var ct = TestContext.Current.CancellationToken;
        var dataDir = Path.Combine(Path.GetTempPath(), $"diracx-missing-{Guid.NewGuid():N}"[..30]);
        try
        {
            var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
            {
                var appHost = await DistributedApplicationTestingBuilder.CreateAsync<Projects.DiracX_AppHost>(
                    ["--Infra:Mode=local", "--Infra:Node=/nonexistent/bin/node", $"--DiracX:LocalDataDir={dataDir}"], ct);
                await using var app = await appHost.BuildAsync(ct);
            });
            var message = error.ToString();
            Assert.Contains("'/nonexistent/bin/node'", message, StringComparison.Ordinal);
            Assert.Contains("Install Node.js", message, StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(dataDir))
            {
                Directory.Delete(dataDir, recursive: true);
            }
        }
    }
}
