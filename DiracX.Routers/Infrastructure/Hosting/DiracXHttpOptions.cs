using System.ComponentModel.DataAnnotations;
using DiracX.Core.Versioning;

namespace DiracX.Routers.Infrastructure.Hosting;

/// <summary>HTTP settings of the routers (configuration section <c>DiracX:Http</c>).</summary>
public sealed class DiracXHttpOptions : IValidatableObject
{
    /// <summary>The configuration section.</summary>
    public const string Section = "DiracX:Http";

    /// <summary>
    /// The oldest client version accepted (PEP 440). DiracX's default is <c>0.0.1a1</c>; an extension may raise it
    /// through <see cref="ClientVersionPolicy"/>.
    /// </summary>
    public string MinClientVersion { get; set; } = "0.0.1a1";

    /// <summary>Requests with larger bodies are refused with 413. Default 32 MiB (a 50,000-job status update fits).</summary>
    public long MaxRequestBodyBytes { get; set; } = 32 * 1024 * 1024;

    /// <summary>Origins allowed by CORS; DiracX's defaults (the web UI on localhost ports 8000 and 3000).</summary>
    public string[] CorsOrigins { get; set; } =
        ["http://localhost:8000", "https://localhost:8000", "http://localhost:3000", "https://localhost:3000"];

    /// <summary>
    /// Scopes that the API docs' "Authorize" dialog asks for besides DiracX's default <c>property:NormalUser</c> (the
    /// local stack adds <c>vo:lhcb</c>).
    /// </summary>
    public string[] DocsOAuthScopes { get; set; } = [];

    /// <summary>Proxies whose <c>X-Forwarded-*</c> headers are trusted (IP addresses or CIDR networks).</summary>
    public string[] TrustedProxies { get; set; } = [];

    /// <summary>A PEM certificate; when set with <see cref="CertificateKeyPath"/>, the routers serve HTTPS.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The PEM private key of <see cref="CertificatePath"/>.</summary>
    public string? CertificateKeyPath { get; set; }

    /// <summary>
    /// After SIGTERM, how long the server keeps serving (readiness answering 503) before it stops accepting requests,
    /// so that load balancers stop routing to it first (<see cref="Health.GracefulShutdown"/>). Default 0; the
    /// services image sets 5 s. Keep it below the pod's terminationGracePeriodSeconds minus the request drain time.
    /// </summary>
    public TimeSpan ShutdownDelay { get; set; } = TimeSpan.Zero;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Pep440Version.TryParse(MinClientVersion, out _))
        {
            yield return new ValidationResult($"DiracX:Http:MinClientVersion '{MinClientVersion}' is not a PEP 440 version.");
        }
        if (MaxRequestBodyBytes < 1024)
        {
            yield return new ValidationResult($"DiracX:Http:MaxRequestBodyBytes must be at least 1024 (got {MaxRequestBodyBytes}).");
        }
        if (ShutdownDelay < TimeSpan.Zero || ShutdownDelay > TimeSpan.FromMinutes(5))
        {
            yield return new ValidationResult($"DiracX:Http:ShutdownDelay must be between 0 and 00:05:00 (got {ShutdownDelay}).");
        }
        if ((CertificatePath is null) != (CertificateKeyPath is null))
        {
            yield return new ValidationResult("DiracX:Http:CertificatePath and CertificateKeyPath must be set together.");
        }
        foreach (var proxy in TrustedProxies)
        {
            if (!System.Net.IPNetwork.TryParse(proxy, out _) && !System.Net.IPAddress.TryParse(proxy, out _))
            {
                yield return new ValidationResult($"DiracX:Http:TrustedProxies: '{proxy}' is neither an IP address nor a CIDR network.");
            }
        }
    }
}
