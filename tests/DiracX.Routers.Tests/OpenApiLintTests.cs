using System.Diagnostics;
using System.Text.Json;
using DiracX.Testing;

namespace DiracX.Routers.Tests;

/// <summary>The committed OpenAPI document is lint-clean with Redocly's recommended rules (npm @redocly/cli, pinned in package.json).</summary>
public class OpenApiLintTests
{
    private static async Task<(int ExitCode, string Output)> RunAsync(string file, string arguments, CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo(file, arguments) { WorkingDirectory = RepositoryRoot.Path, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken).WaitAsync(TimeSpan.FromMinutes(3), cancellationToken);
        _ = await stderr;
        return (process.ExitCode, await stdout);
    }

    [Fact]
    public async Task The_committed_document_has_no_lint_problems()
    {
        var ct = TestContext.Current.CancellationToken;
        if (!File.Exists(Path.Combine(RepositoryRoot.Path, "node_modules", ".bin", "redocly")))
        {
            // A fresh clone: install the pinned tools (the README's single test command must be enough).
            var (install, output) = await RunAsync("npm", "ci --no-audit --no-fund --loglevel=error", ct);
            Assert.True(install == 0, "npm ci failed: " + output);
        }
        var (_, json) = await RunAsync("npx", "--no-install redocly lint DiracX.Routers/openapi.json --format=json", ct);
        using var report = JsonDocument.Parse(json[json.IndexOf('{', StringComparison.Ordinal)..]);
        var problems = report.RootElement.GetProperty("problems").EnumerateArray()
            .Select(p => $"{p.GetProperty("ruleId").GetString()}: {p.GetProperty("message").GetString()}").ToList();
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }
}
