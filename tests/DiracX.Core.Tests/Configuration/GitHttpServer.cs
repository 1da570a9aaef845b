using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace DiracX.Core.Tests.Configuration;

/// <summary>
/// A real HTTPS git server for tests: Kestrel runs <c>git http-backend</c> as a CGI program for every request. git
/// trusts its self-signed certificate through <c>GIT_SSL_CAINFO</c>, so TLS verification stays on.
/// </summary>
public sealed class GitHttpServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private GitHttpServer(WebApplication app, string baseUrl)
    {
        _app = app;
        BaseUrl = baseUrl;
    }

    /// <summary>e.g. <c>https://127.0.0.1:1234</c>; repositories are under it by folder name.</summary>
    public string BaseUrl { get; }

    /// <summary>Serves the repositories under <paramref name="projectRoot"/>.</summary>
    public static async Task<GitHttpServer> StartAsync(string projectRoot, CancellationToken cancellationToken)
    {
        var certificate = CreateCertificate();
        var caFile = Path.Combine(Path.GetTempPath(), $"diracx-git-ca-{Guid.NewGuid():N}.pem");
        await File.WriteAllTextAsync(caFile, certificate.ExportCertificatePem(), cancellationToken);
        // Child git processes inherit this; only tests that talk to this server use https.
        Environment.SetEnvironmentVariable("GIT_SSL_CAINFO", caFile);

        var builder = WebApplication.CreateBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l =>
        {
            l.Protocols = HttpProtocols.Http1;
            l.UseHttps(certificate);
        }));
        var app = builder.Build();
        app.Run(context => ServeAsync(context, projectRoot));
        await app.StartAsync(cancellationToken);
        return new GitHttpServer(app, app.Urls.First().Replace("[::1]", "127.0.0.1", StringComparison.Ordinal));
    }

    private static async Task ServeAsync(HttpContext context, string projectRoot)
    {
        var request = context.Request;
        var psi = new ProcessStartInfo("git", ["http-backend"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        psi.Environment["GIT_PROJECT_ROOT"] = projectRoot;
        psi.Environment["GIT_HTTP_EXPORT_ALL"] = "1";
        psi.Environment["REQUEST_METHOD"] = request.Method;
        psi.Environment["PATH_INFO"] = request.Path.Value ?? "/";
        psi.Environment["QUERY_STRING"] = request.QueryString.Value?.TrimStart('?') ?? "";
        psi.Environment["CONTENT_TYPE"] = request.ContentType ?? "";
        psi.Environment["REMOTE_ADDR"] = "127.0.0.1";
        psi.Environment["GIT_PROTOCOL"] = request.Headers["Git-Protocol"].ToString();
        psi.Environment["HTTP_CONTENT_ENCODING"] = request.Headers.ContentEncoding.ToString();
        if (request.ContentLength is { } length)
        {
            psi.Environment["CONTENT_LENGTH"] = length.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        using var process = Process.Start(psi)!;
        var input = Task.Run(async () =>
        {
            await request.Body.CopyToAsync(process.StandardInput.BaseStream, context.RequestAborted);
            process.StandardInput.Close();
        });
        var output = process.StandardOutput.BaseStream;
        foreach (var header in await ReadHeadersAsync(output, context.RequestAborted))
        {
            var colon = header.IndexOf(':', StringComparison.Ordinal);
            var (name, value) = (header[..colon].Trim(), header[(colon + 1)..].Trim());
            if (name.Equals("Status", StringComparison.OrdinalIgnoreCase))
            {
                context.Response.StatusCode = int.Parse(value[..3], System.Globalization.CultureInfo.InvariantCulture);
            }
            else
            {
                context.Response.Headers.Append(name, value);
            }
        }
        await output.CopyToAsync(context.Response.Body, context.RequestAborted);
        await input;
        await process.WaitForExitAsync(context.RequestAborted);
    }

    /// <summary>Reads the CGI header block byte by byte, up to the blank line, leaving the body in the stream.</summary>
    private static async Task<List<string>> ReadHeadersAsync(Stream stream, CancellationToken cancellationToken)
    {
        var headers = new List<string>();
        var line = new StringBuilder();
        var buffer = new byte[1];
        while (await stream.ReadAsync(buffer, cancellationToken) == 1)
        {
            if (buffer[0] == '\n')
            {
                var text = line.ToString().TrimEnd('\r');
                if (text.Length == 0)
                {
                    break;
                }
                headers.Add(text);
                line.Clear();
            }
            else
            {
                line.Append((char)buffer[0]);
            }
        }
        return headers;
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        var now = DateTimeOffset.UtcNow;
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(1));
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pfx), null);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
