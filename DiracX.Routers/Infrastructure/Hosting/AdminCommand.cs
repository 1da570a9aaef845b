using DiracX.Core.Security;

namespace DiracX.Routers.Infrastructure.Hosting;

/// <summary>
/// Administration commands shipped with the routers (so in the services image), as DiracX's
/// <c>python -m diracx.logic rotate-jwk|delete-jwk</c>:
/// <c>DiracX.Routers keys rotate --jwks-path FILE</c> adds a new Ed25519 signing key and keeps the previous ones for
/// verification; <c>DiracX.Routers keys delete --jwks-path FILE --kid KID</c> removes a key.
/// </summary>
public static class AdminCommand
{
    private const string Usage = """
        usage: DiracX.Routers keys rotate --jwks-path FILE
               DiracX.Routers keys delete --jwks-path FILE --kid KID
        (DiracX's spellings rotate-jwk and delete-jwk are accepted too)
        """;

    /// <summary>Whether the command line asks for an administration command instead of the server.</summary>
    public static bool IsAdminCommand(string[] args) => args is ["keys", ..] or ["rotate-jwk", ..] or ["delete-jwk", ..];

    /// <summary>Runs the command; returns the process exit code (0 success, 2 usage error, 1 failure).</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, TimeProvider time, CancellationToken cancellationToken)
    {
        var verb = args switch
        {
            ["keys", var v, ..] => v,
            ["rotate-jwk", ..] => "rotate",
            ["delete-jwk", ..] => "delete",
            _ => null,
        };
        var path = Option(args, "--jwks-path");
        if (verb is not ("rotate" or "delete") || path is null)
        {
            await error.WriteLineAsync(Usage);
            return 2;
        }
        try
        {
            if (verb == "rotate")
            {
                await JwksMaintenance.RotateFileAsync(path, time, cancellationToken);
                await output.WriteLineAsync($"Rotated the keys of {path}: a new signing key was added, the old ones only verify.");
                return 0;
            }
            var kid = Option(args, "--kid");
            if (kid is null)
            {
                await error.WriteLineAsync(Usage);
                return 2;
            }
            await JwksMaintenance.DeleteFromFileAsync(path, kid, cancellationToken);
            await output.WriteLineAsync($"Deleted key {kid} from {path}.");
            return 0;
        }
        catch (Exception e) when (e is TokenKeystoreException or IOException or UnauthorizedAccessException or ArgumentException or InvalidOperationException)
        {
            await error.WriteLineAsync($"error: {e.Message}");
            return 1;
        }
    }

    private static string? Option(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
