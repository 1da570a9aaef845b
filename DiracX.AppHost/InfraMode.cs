using System.Diagnostics;

namespace DiracX.AppHost;

/// <summary>Where PostgreSQL, Redis and the S3 store come from (configuration <c>Infra:Mode</c>).</summary>
public enum InfraMode
{
    /// <summary>AddPostgres / AddRedis containers; always used when publishing the manifest.</summary>
    Containers,

    /// <summary>The machine's PostgreSQL binaries, redis-server (or Garnet in the AppHost) and s3rver through node.</summary>
    Local,

    /// <summary>Connection strings and S3 settings from configuration.</summary>
    External,
}

/// <summary>Chooses the infrastructure mode.</summary>
public static class InfraModes
{
    /// <summary>
    /// Publishing: containers (the manifest describes a real deployment). Running: <c>Infra:Mode</c> when set, else
    /// containers when a container engine answers, else local.
    /// </summary>
    public static InfraMode Resolve(IDistributedApplicationBuilder builder)
    {
        if (builder.ExecutionContext.IsPublishMode)
        {
            return InfraMode.Containers;
        }
        var configured = builder.Configuration["Infra:Mode"];
        if (string.IsNullOrWhiteSpace(configured))
        {
            return ContainerEngineAnswers() ? InfraMode.Containers : InfraMode.Local;
        }
        return Enum.TryParse<InfraMode>(configured, ignoreCase: true, out var mode) ? mode
            : throw new InvalidOperationException($"Infra:Mode '{configured}' is not one of containers, local, external.");
    }

    private static bool ContainerEngineAnswers()
    {
        var runtime = Environment.GetEnvironmentVariable("ASPIRE_CONTAINER_RUNTIME") ?? "docker";
        try
        {
            var psi = new ProcessStartInfo(runtime, ["version", "--format", "{{.Server.Version}}"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            using var process = Process.Start(psi);
            if (process is null)
            {
                return false;
            }
            if (!process.WaitForExit(5000))
            {
                process.Kill();
                return false;
            }
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false; // no CLI at all
        }
    }
}
