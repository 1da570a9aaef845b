using System.Net;
using System.Net.Http.Headers;
using DiracX.Core.Security;
using DiracX.Testing;

namespace DiracX.Routers.Tests;

/// <summary>
/// Two router processes share one keystore file laid out as Kubernetes mounts a Secret (<c>keystore.json</c> →
/// <c>..data/keystore.json</c>, <c>..data</c> → a timestamped folder). Swapping <c>..data</c> to a folder where one key
/// is deleted and another added is picked up by both within the reload interval, without restarts.
/// </summary>
public class KeyRotationTests
{
    [Fact]
    public async Task A_symlink_swap_of_the_keystore_adds_and_deletes_keys_on_every_replica()
    {
        var ct = TestContext.Current.CancellationToken;
        var first = JwksMaintenance.Rotate(null, TimeProvider.System);
        var withOld = JwksMaintenance.Rotate(first, TimeProvider.System); // [old (signs), first]
        var withNew = JwksMaintenance.Rotate(first, TimeProvider.System); // [new (signs), first]
        using var oldSigner = TestKeystore.FromJwks(withOld);
        using var newSigner = TestKeystore.FromJwks(withNew);
        var oldToken = oldSigner.MintAccessToken(TestIdentity.NormalUser);
        var newToken = newSigner.MintAccessToken(TestIdentity.NormalUser);

        var mount = Directory.CreateTempSubdirectory("diracx-keystore-").FullName;
        try
        {
            Directory.CreateDirectory(Path.Combine(mount, "..2026_01_01_00_00_00.1"));
            await File.WriteAllTextAsync(Path.Combine(mount, "..2026_01_01_00_00_00.1", "keystore.json"), withOld, ct);
            File.CreateSymbolicLink(Path.Combine(mount, "..data"), "..2026_01_01_00_00_00.1");
            File.CreateSymbolicLink(Path.Combine(mount, "keystore.json"), "..data/keystore.json");
            (var config, _) = await TestConfigRepository.CreateAsync(TestConfigs.Default, ct);
            using var _config = config;
            var environment = new Dictionary<string, string>
            {
                ["DiracX__Auth__TokenIssuer"] = oldSigner.Settings.TokenIssuer,
                ["DiracX__Auth__TokenKeystore"] = "file://" + Path.Combine(mount, "keystore.json"),
                ["DiracX__Auth__StateKey"] = oldSigner.Settings.StateKey,
                ["DIRACX_SERVICE_AUTH_TOKEN_KEYSTORE_RELOAD_INTERVAL"] = "00:00:01",
                ["DiracX__Config__BackendUrl"] = config.Url,
                ["ConnectionStrings__diracx"] = $"Host=127.0.0.1;Port={FreePort.Next()};Username=postgres;Timeout=2",
            };
            await using var a = RoutersProcess.Start($"http://127.0.0.1:{FreePort.Next()}", environment);
            await using var b = RoutersProcess.Start($"http://127.0.0.1:{FreePort.Next()}", environment);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            foreach (var replica in new[] { a, b })
            {
                await replica.WaitForAsync(http, "/api/health/live", ct);
            }

            async Task<HttpStatusCode> Call(RoutersProcess replica, string token)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(replica.BaseAddress, "/api/config/"));
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
                using var response = await http.SendAsync(request, ct);
                return response.StatusCode;
            }
            async Task Eventually(RoutersProcess replica, string token, HttpStatusCode expected, string what)
            {
                var deadline = DateTime.UtcNow.AddSeconds(30);
                HttpStatusCode status;
                while ((status = await Call(replica, token)) != expected)
                {
                    Assert.True(DateTime.UtcNow < deadline, $"{what}: still {status}\n{replica.Output}");
                    await Task.Delay(200, ct);
                }
            }

            foreach (var replica in new[] { a, b })
            {
                await Eventually(replica, oldToken, HttpStatusCode.OK, "the old key's token before the swap");
                Assert.Equal(HttpStatusCode.Unauthorized, await Call(replica, newToken));
            }

            // Kubernetes' update: a new timestamped folder, a temporary link to it renamed over ..data.
            Directory.CreateDirectory(Path.Combine(mount, "..2026_01_01_00_05_00.2"));
            await File.WriteAllTextAsync(Path.Combine(mount, "..2026_01_01_00_05_00.2", "keystore.json"), withNew, ct);
            File.CreateSymbolicLink(Path.Combine(mount, "..data_tmp"), "..2026_01_01_00_05_00.2");
            await Rename(mount, "..data_tmp", "..data", ct);
            Directory.Delete(Path.Combine(mount, "..2026_01_01_00_00_00.1"), recursive: true);
            var swapped = DateTime.UtcNow;

            foreach (var replica in new[] { a, b })
            {
                await Eventually(replica, newToken, HttpStatusCode.OK, "the added key's token after the swap");
                Assert.Equal(HttpStatusCode.Unauthorized, await Call(replica, oldToken));
            }
            Assert.True(DateTime.UtcNow - swapped < TimeSpan.FromSeconds(30));
        }
        finally
        {
            Directory.Delete(mount, recursive: true);
        }
    }

    // rename(2) of one link over another (mv -T), as Kubernetes' atomic writer does; File.Move would follow ..data.
    private static async Task Rename(string folder, string from, string to, CancellationToken ct)
    {
        var psi = new System.Diagnostics.ProcessStartInfo("mv") { WorkingDirectory = folder, UseShellExecute = false };
        foreach (var arg in new[] { "-T", from, to })
        {
            psi.ArgumentList.Add(arg);
        }
        using var mv = System.Diagnostics.Process.Start(psi)!;
        await mv.WaitForExitAsync(ct);
        Assert.Equal(0, mv.ExitCode);
    }
}
