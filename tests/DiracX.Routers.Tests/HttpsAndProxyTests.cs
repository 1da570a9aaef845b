using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using DiracX.Routers.Infrastructure.Hosting;
using DiracX.Testing;

namespace DiracX.Routers.Tests;

/// <summary>
/// Over the wire, with the routers as their own processes: a configured PEM certificate serves HTTPS; forwarded headers
/// change the scheme, host and client address only when they come from a trusted proxy.
/// </summary>
public class HttpsAndProxyTests
{
    [Fact]
    public async Task A_pem_certificate_serves_https_and_only_trusted_proxies_forward()
    {
        var ct = TestContext.Current.CancellationToken;
        var folder = Directory.CreateTempSubdirectory("diracx-tls-").FullName;
        try
        {
            using var rsa = RSA.Create(2048);
            var request = new CertificateRequest("CN=127.0.0.1", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            var san = new SubjectAlternativeNameBuilder();
            san.AddIpAddress(IPAddress.Loopback);
            request.CertificateExtensions.Add(san.Build());
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
            await File.WriteAllTextAsync(Path.Combine(folder, "tls.crt"), certificate.ExportCertificatePem(), ct);
            await File.WriteAllTextAsync(Path.Combine(folder, "tls.key"), rsa.ExportPkcs8PrivateKeyPem(), ct);

            using var keystore = TestKeystore.CreateEd25519();
            (var config, _) = await TestConfigRepository.CreateAsync(TestConfigs.Default, ct);
            using var _config = config;
            await using var database = await DiracXDatabaseTemplates.For(DiracXModules.BuiltIn).CreateDatabaseAsync(ct);
            Dictionary<string, string> Environment(string proxy) => new()
            {
                ["DiracX__Auth__TokenIssuer"] = keystore.Settings.TokenIssuer,
                ["DiracX__Auth__TokenKeystore"] = keystore.JwksJson,
                ["DiracX__Auth__StateKey"] = keystore.Settings.StateKey,
                ["DiracX__Auth__UserCodeAttemptLimit"] = "1",
                ["DiracX__Config__BackendUrl"] = config.Url,
                ["ConnectionStrings__diracx"] = database.ConnectionString,
                ["DiracX__Http__CertificatePath"] = Path.Combine(folder, "tls.crt"),
                ["DiracX__Http__CertificateKeyPath"] = Path.Combine(folder, "tls.key"),
                ["DiracX__Http__TrustedProxies__0"] = proxy,
            };
            await using var trusting = RoutersProcess.Start($"https://127.0.0.1:{FreePort.Next()}", Environment("127.0.0.1"));
            await using var distrusting = RoutersProcess.Start($"https://127.0.0.1:{FreePort.Next()}", Environment("10.9.8.7"));
            using var handler = new HttpClientHandler
            {
                // Trust exactly the generated certificate.
                ServerCertificateCustomValidationCallback = (_, presented, _, _) => presented?.Thumbprint == certificate.Thumbprint,
            };
            using var http = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(30) };
            await trusting.WaitForAsync(http, "/api/health/live", ct);
            await distrusting.WaitForAsync(http, "/api/health/live", ct);
            await trusting.WaitForAsync(http, "/.well-known/openid-configuration", ct);
            await distrusting.WaitForAsync(http, "/.well-known/openid-configuration", ct);

            async Task<string> TokenEndpoint(RoutersProcess routers)
            {
                using var message = new HttpRequestMessage(HttpMethod.Get, new Uri(routers.BaseAddress, "/.well-known/openid-configuration"));
                message.Headers.Add("X-Forwarded-Proto", "http");
                message.Headers.Add("X-Forwarded-Host", "diracx.example.org");
                message.Headers.Add("X-Forwarded-For", "192.0.2.10");
                using var response = await http.SendAsync(message, ct);
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                return (await response.Content.ReadFromJsonAsync<JsonObject>(ct))!["token_endpoint"]!.GetValue<string>();
            }
            Assert.Equal("http://diracx.example.org/api/auth/token", await TokenEndpoint(trusting));
            Assert.Equal($"https://127.0.0.1:{distrusting.BaseAddress.Port}/api/auth/token", await TokenEndpoint(distrusting));

            // The client address: one failed user code is allowed per address (the limit is 1), then 429.
            async Task<HttpStatusCode> Guess(RoutersProcess routers, string forwardedFor)
            {
                using var message = new HttpRequestMessage(HttpMethod.Get, new Uri(routers.BaseAddress, "/api/auth/device?user_code=WRONGCODE"));
                message.Headers.Add("X-Forwarded-For", forwardedFor);
                using var response = await http.SendAsync(message, ct);
                return response.StatusCode;
            }
            Assert.NotEqual(HttpStatusCode.TooManyRequests, await Guess(trusting, "192.0.2.1"));
            Assert.NotEqual(HttpStatusCode.TooManyRequests, await Guess(trusting, "192.0.2.2"));
            Assert.Equal(HttpStatusCode.TooManyRequests, await Guess(trusting, "192.0.2.1"));
            Assert.NotEqual(HttpStatusCode.TooManyRequests, await Guess(distrusting, "192.0.2.1"));
            Assert.Equal(HttpStatusCode.TooManyRequests, await Guess(distrusting, "192.0.2.2"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
