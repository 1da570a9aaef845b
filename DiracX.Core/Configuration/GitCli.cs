using System.Diagnostics;

namespace DiracX.Core.Configuration;

/// <summary>
/// Runs the <c>git</c> command line, as DiracX does (through <c>sh.git</c>): it speaks every transport
/// (file, https with the system's credential helpers) without a native library.
/// </summary>
public static class GitCli
{
    /// <summary>Runs <c>git</c> in a directory and returns its standard output.</summary>
    /// <exception cref="ConfigSourceException">git exits with a non-zero code (the message carries its stderr).</exception>
    public static async Task<string> RunAsync(string workingDirectory, IEnumerable<string> args, CancellationToken cancellationToken)
    {
        var psi = new ProcessStartInfo("git")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // A server must never wait for a password prompt.
        psi.Environment["GIT_TERMINAL_PROMPT"] = "0";
        psi.Environment["LC_ALL"] = "C";
        foreach (var arg in args)
        {
            psi.ArgumentList.Add(arg);
        }
        using var process = Process.Start(psi) ?? throw new ConfigSourceException("Could not start git");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }
        var output = await stdout;
        if (process.ExitCode != 0)
        {
            throw new ConfigSourceException(
                $"'git {string.Join(' ', psi.ArgumentList)}' failed with code {process.ExitCode}: {(await stderr).Trim()}");
        }
        return output;
    }
}
