using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Spectre.Console.Testing;

namespace DiracX.Cli.Tests;

/// <summary>DIRACX_CA_PATH against an HTTPS server whose certificate a private CA signed.</summary>
public sealed class CaPathTests
{
    [Fact]
    public async Task An_https_server_of_a_private_ca_fails_without_DIRACX_CA_PATH_and_works_with_it()
    {
        var ct = TestContext.Current.CancellationToken;
        var folder = Directory.CreateTempSubdirectory("dirac-ca-").FullName;
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=DiracX test CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        using var leafKey = RSA.Create(2048);
        var leafRequest = new CertificateRequest("CN=127.0.0.1", leafKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        leafRequest.CertificateExtensions.Add(san.Build());
        using var leafPublic = leafRequest.Create(ca, DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddHours(1), [1, 2, 3, 4]);
        using var leaf = X509CertificateLoader.LoadPkcs12(leafPublic.CopyWithPrivateKey(leafKey).Export(X509ContentType.Pkcs12), null);
        var caPath = Path.Combine(folder, "ca.pem");
        await File.WriteAllTextAsync(caPath, ca.ExportCertificatePem(), ct);

        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, l => l.UseHttps(leaf)));
        await using var app = builder.Build();
        app.MapGet("/api/auth/userinfo", () => Results.Json(new { sub = "someone", vo = "lhcb" }));
        await app.StartAsync(ct);
        var url = app.Urls.First();

        async Task<(int Code, string Out, string Error)> WhoAmI(string? ca)
        {
            var variables = new Dictionary<string, string?> { ["DIRACX_URL"] = url, ["DIRACX_CREDENTIALS_PATH"] = Path.Combine(folder, "none.json") };
            if (ca is not null)
            {
                variables["DIRACX_CA_PATH"] = ca;
            }
            using var output = new StringWriter();
            using var error = new StringWriter();
            var code = await DiracCli.RunAsync(["whoami", "-o", "json"], new CliEnvironment
            {
                Variables = variables,
                Console = new TestConsole(),
                Out = output,
                Error = error,
            }, cancellationToken: ct);
            return (code, output.ToString(), error.ToString());
        }

        var without = await WhoAmI(null);
        Assert.Equal(ExitCodes.Unreachable, without.Code);
        Assert.StartsWith($"Could not reach the DiracX server at {url}", without.Error, StringComparison.Ordinal);

        var with = await WhoAmI(caPath);
        Assert.True(with.Code == 0, with.Error);
        Assert.Contains("\"someone\"", with.Out, StringComparison.Ordinal);
        var folderTrust = await WhoAmI(folder);
        Assert.Equal(0, folderTrust.Code);
    }
}
