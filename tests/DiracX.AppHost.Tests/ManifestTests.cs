using System.Diagnostics;
using System.Text.Json;

namespace DiracX.AppHost.Tests;

/// <summary>The deployment manifest, written as the docs say: <c>dotnet run --project DiracX.AppHost -- --publisher manifest</c>.</summary>
public sealed class ManifestTests
{
    private static readonly string[] s_services = ["routers", "tasks", "migrations"];
    // The generated container passwords are the only secret parameters left: the other secret settings stay out of
    // the manifest (aspirate writes parameters into ConfigMaps); deploy/kubernetes/ gives them from Secrets.
    private static readonly string[] s_secrets = ["postgres-password", "redis-password"];
    private static readonly string[] s_secretsLeftOut =
        ["token-keystore", "auth-state-key", "legacy-exchange-hashed-api-key", "s3-access-key-id", "s3-secret-access-key"];
    private static readonly Lazy<Task<JsonElement>> s_manifest = new(() => PublishAsync());

    [Fact]
    public async Task The_manifest_has_the_services_PostgreSQL_15_Redis_and_the_S3_settings()
    {
        var resources = (await s_manifest.Value).GetProperty("resources");
        foreach (var service in s_services)
        {
            Assert.Equal("project.v0", resources.GetProperty(service).GetProperty("type").GetString());
        }
        Assert.Equal("docker.io/library/postgres:15", resources.GetProperty("postgres").GetProperty("image").GetString());
        Assert.Equal("{postgres.connectionString};Database=diracx", resources.GetProperty("diracx").GetProperty("connectionString").GetString());
        Assert.Equal("container.v0", resources.GetProperty("redis").GetProperty("type").GetString());
        Assert.Equal("parameter.v0", resources.GetProperty("s3-endpoint-url").GetProperty("type").GetString());
        Assert.Equal("true", resources.GetProperty("routers").GetProperty("bindings").GetProperty("http").GetProperty("external").ToString(),
            ignoreCase: true);
    }

    // Browser logins: the allowed redirects and CORS origins are parameters whose defaults serve the local stack.
    [Fact]
    public async Task Allowed_redirects_and_cors_origins_are_parameters_with_local_defaults()
    {
        var resources = (await s_manifest.Value).GetProperty("resources");
        Assert.Equal("{auth-allowed-redirects.value}", Env(resources, "routers", "DIRACX_SERVICE_AUTH_ALLOWED_REDIRECTS"));
        Assert.Equal("{cors-origins.value}", Env(resources, "routers", "DiracX__Http__CorsOrigins"));
        string Default(string parameter) => resources.GetProperty(parameter).GetProperty("inputs").GetProperty("value")
            .GetProperty("default").GetProperty("value").GetString()!;
        Assert.Equal(["http://localhost:8000/api/docs/oauth2-redirect.html", "http://localhost:3000/#authentication-callback",
            "https://localhost:3000/#authentication-callback"], JsonSerializer.Deserialize<string[]>(Default("auth-allowed-redirects"))!);
        Assert.Contains("http://localhost:3000", JsonSerializer.Deserialize<string[]>(Default("cors-origins"))!);
    }

    [Fact]
    public async Task Each_service_gets_its_connection_strings_and_DiracX_settings_from_the_right_resources()
    {
        var resources = (await s_manifest.Value).GetProperty("resources");
        Assert.Equal("{diracx.connectionString}", Env(resources, "migrations", "ConnectionStrings__diracx"));
        foreach (var service in new[] { "routers", "tasks" })
        {
            Assert.Equal("{diracx.connectionString}", Env(resources, service, "ConnectionStrings__diracx"));
            Assert.Equal("{redis.connectionString}", Env(resources, service, "ConnectionStrings__redis"));
            Assert.Equal("file:///keystore/jwks.json", Env(resources, service, "DIRACX_SERVICE_AUTH_TOKEN_KEYSTORE"));
            Assert.Null(Env(resources, service, "DIRACX_SERVICE_AUTH_STATE_KEY"));
            Assert.Equal("{token-issuer.value}", Env(resources, service, "DIRACX_SERVICE_AUTH_TOKEN_ISSUER"));
            Assert.Null(Env(resources, service, "DIRACX_LEGACY_EXCHANGE_HASHED_API_KEY"));
            Assert.Equal("{config-backend-url.value}", Env(resources, service, "DIRACX_CONFIG_BACKEND_URL"));
            Assert.Equal("sandboxes", Env(resources, service, "DIRACX_SANDBOX_STORE_BUCKET_NAME"));
            Assert.Equal("{s3-endpoint-url.value}", Env(resources, service, "DiracX__SandboxStore__S3ClientKwargs__endpoint_url"));
            Assert.Null(Env(resources, service, "DiracX__SandboxStore__S3ClientKwargs__aws_access_key_id"));
            Assert.Null(Env(resources, service, "DiracX__SandboxStore__S3ClientKwargs__aws_secret_access_key"));
        }
        // Every expression in a service's environment names a resource of the manifest.
        foreach (var service in s_services)
        {
            foreach (var variable in resources.GetProperty(service).GetProperty("env").EnumerateObject())
            {
                foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(variable.Value.GetString()!, @"\{([a-z0-9-]+)\."))
                {
                    Assert.True(resources.TryGetProperty(m.Groups[1].Value, out _), $"{service}: {variable.Name} refers to unknown {m.Groups[1].Value}");
                }
            }
        }
    }

    [Fact]
    public async Task Every_secret_is_a_secret_parameter_without_a_value_and_no_development_resource_is_published()
    {
        var resources = (await s_manifest.Value).GetProperty("resources");
        foreach (var secret in s_secrets)
        {
            var parameter = resources.GetProperty(secret);
            Assert.Equal("parameter.v0", parameter.GetProperty("type").GetString());
            var input = parameter.GetProperty("inputs").GetProperty("value");
            Assert.True(input.GetProperty("secret").GetBoolean(), $"{secret} is not secret");
            Assert.False(input.TryGetProperty("default", out var d) && d.TryGetProperty("value", out _), $"{secret} carries a value");
        }
        foreach (var secret in s_secretsLeftOut)
        {
            Assert.False(resources.TryGetProperty(secret, out _), $"{secret} is in the manifest");
        }
        foreach (var resource in resources.EnumerateObject())
        {
            var type = resource.Value.GetProperty("type").GetString();
            Assert.NotEqual("executable.v0", type);
            Assert.DoesNotContain("devidp", resource.Name, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("s3rver", resource.Value.ToString(), StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("garnet", resource.Value.ToString(), StringComparison.OrdinalIgnoreCase);
        }
    }

    // aspirate turns data volumes into StatefulSets with claims; POSTGRES_DB makes the image create the database.
    [Fact]
    public async Task PostgreSQL_and_Redis_keep_their_data_and_the_database_is_created_by_the_image()
    {
        var resources = (await s_manifest.Value).GetProperty("resources");
        foreach (var store in new[] { "postgres", "redis" })
        {
            var volumes = resources.GetProperty(store).GetProperty("volumes");
            Assert.Equal(1, volumes.GetArrayLength());
            Assert.False(volumes[0].GetProperty("readOnly").GetBoolean());
        }
        Assert.Equal("/var/lib/postgresql/data", resources.GetProperty("postgres").GetProperty("volumes")[0].GetProperty("target").GetString());
        Assert.Equal("diracx", Env(resources, "postgres", "POSTGRES_DB"));
    }

    private static string? Env(JsonElement resources, string service, string name) =>
        resources.GetProperty(service).GetProperty("env").TryGetProperty(name, out var value) ? value.GetString() : null;

    internal static async Task<JsonElement> PublishAsync(params string[] settings)
    {
        var (exitCode, stdout, stderr, output) = await RunPublisherAsync(settings);
        Assert.True(exitCode == 0, $"publishing failed ({exitCode}): {stdout}{stderr}");
        try
        {
            using var document = JsonDocument.Parse(await File.ReadAllTextAsync(output));
            return document.RootElement.Clone();
        }
        finally
        {
            File.Delete(output);
        }
    }

    internal static async Task<(int ExitCode, string Stdout, string Stderr, string Output)> RunPublisherAsync(params string[] settings)
    {
        var output = Path.Combine(Path.GetTempPath(), $"diracx-manifest-{Guid.NewGuid():N}.json");
#if DEBUG
        const string Configuration = "Debug";
#else
        const string Configuration = "Release";
#endif
        var psi = new ProcessStartInfo("dotnet",
            ["run", "--no-build", "-c", Configuration, "--project", Projects.DiracX_AppHost.ProjectPath, "--",
             "--publisher", "manifest", "--output-path", output, .. settings])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr, output);
    }
}
