using System.Diagnostics;
using System.Text;

namespace DiracX.Testing;

/// <summary>Runs the machine programs that the fixtures need and reports their output when they fail.</summary>
internal static class ExternalProcess
{
    public static bool IsRoot => Environment.UserName == "root";

    /// <summary>Finds an executable on PATH or in the given extra folders, or returns null.</summary>
    public static string? Find(string name, params IEnumerable<string> extraFolders)
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        foreach (var dir in path.Split(Path.PathSeparator).Concat(extraFolders))
        {
            if (dir.Length == 0)
            {
                continue;
            }
            var candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        return null;
    }

    /// <summary>Runs a program to completion; throws with its output when it exits non-zero.</summary>
    public static async Task<string> RunAsync(string fileName, IEnumerable<string> args, CancellationToken cancellationToken,
        string? runAsUser = null)
    {
        var (exe, allArgs) = runAsUser is null
            ? (fileName, args.ToList())
            : ("setpriv", new List<string> { $"--reuid={runAsUser}", $"--regid={runAsUser}", "--init-groups", "--", fileName }
                .Concat(args).ToList());
        var psi = new ProcessStartInfo(exe)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in allArgs)
        {
            psi.ArgumentList.Add(a);
        }
        using var process = Process.Start(psi) ?? throw new InvalidOperationException($"Could not start {exe}");
        var output = new StringBuilder();
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        output.Append(await stdout).Append(await stderr);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"'{exe} {string.Join(' ', allArgs)}' exited with code {process.ExitCode}:{Environment.NewLine}{output}");
        }
        return output.ToString();
    }
}
