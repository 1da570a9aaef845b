using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace DiracX.Client.Http;

/// <summary>
/// Server certificate validation against the CAs of <c>DIRACX_CA_PATH</c> (a PEM file, or a directory of PEM files)
/// instead of the system's, as DiracX's client passes the path to <c>verify=</c>.
/// </summary>
public static class CaTrust
{
    /// <summary>The network handler of the client: the system's trust, or only the CAs under <paramref name="caPath"/>.</summary>
    public static SocketsHttpHandler CreateHandler(string? caPath)
    {
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        if (caPath is not null)
        {
            var roots = Load(caPath);
            handler.SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, errors) => Validate(certificate, errors, roots),
            };
        }
        return handler;
    }

    /// <summary>Reads the certificates of a PEM file or of every file in a directory.</summary>
    /// <exception cref="ArgumentException">The path does not exist or holds no certificate.</exception>
    public static X509Certificate2Collection Load(string caPath)
    {
        var files = Directory.Exists(caPath) ? Directory.GetFiles(caPath)
            : File.Exists(caPath) ? [caPath]
            : throw new ArgumentException($"DIRACX_CA_PATH does not exist: {caPath}");
        var roots = new X509Certificate2Collection();
        foreach (var file in files)
        {
            try
            {
                roots.ImportFromPemFile(file);
            }
            catch (System.Security.Cryptography.CryptographicException)
            {
                // not a PEM certificate file (a c_rehash link target is read once under its own name)
            }
        }
        return roots.Count > 0 ? roots : throw new ArgumentException($"DIRACX_CA_PATH holds no PEM certificate: {caPath}");
    }

    private static bool Validate(X509Certificate? certificate, SslPolicyErrors errors, X509Certificate2Collection roots)
    {
        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
        {
            return false;
        }
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(roots);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }
}
