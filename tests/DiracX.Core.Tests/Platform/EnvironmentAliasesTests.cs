using System.Collections;
using DiracX.Core.Settings;
using Microsoft.Extensions.Configuration;

namespace DiracX.Core.Tests.Platform;

public class EnvironmentAliasesTests
{
    private static IConfigurationRoot Build(params (string Name, string Value)[] environment)
    {
        IDictionary env = environment.ToDictionary(e => e.Name, e => e.Value);
        return new ConfigurationBuilder().AddDiracXEnvironmentAliases(env).Build();
    }

    [Theory]
    [InlineData("DIRACX_CONFIG_BACKEND_URL", "DiracX:Config:BackendUrl")]
    [InlineData("DIRACX_SERVICE_AUTH_TOKEN_ISSUER", "DiracX:Auth:TokenIssuer")]
    [InlineData("DIRACX_SERVICE_AUTH_TOKEN_KEYSTORE", "DiracX:Auth:TokenKeystore")]
    [InlineData("DIRACX_SERVICE_AUTH_STATE_KEY", "DiracX:Auth:StateKey")]
    [InlineData("DIRACX_SANDBOX_STORE_BUCKET_NAME", "DiracX:SandboxStore:BucketName")]
    [InlineData("DIRACX_LEGACY_EXCHANGE_HASHED_API_KEY", "DiracX:Auth:LegacyExchangeHashedApiKey")]
    [InlineData("DIRACX_SERVICE_JOBS_ENABLED", "DiracX:Services:Jobs:Enabled")]
    [InlineData("DIRACX_SERVICE_AUTH_ENABLED", "DiracX:Services:Auth:Enabled")]
    [InlineData("DIRACX_OTEL_GRPC_ENDPOINT", "DiracX:Otel:GrpcEndpoint")]
    [InlineData("DIRACX_DEV_CRASH_ON_MISSED_ACCESS_POLICY", "DiracX:Dev:CrashOnMissedAccessPolicy")]
    [InlineData("DIRACX_TASKS_DUMMY_JOB_EXECUTOR_ENABLED", "DiracX:Tasks:DummyJobExecutor:Enabled")]
    public void DiracX_names_are_aliases_of_the_dotnet_keys(string name, string key)
    {
        Assert.Equal("value-1", Build((name, "value-1"))[key]);
    }

    [Fact]
    public void Json_lists_and_objects_become_sections()
    {
        var config = Build(
            ("DIRACX_SERVICE_AUTH_ALLOWED_REDIRECTS", """["http://a/cb","http://b/cb"]"""),
            ("DIRACX_SANDBOX_STORE_S3_CLIENT_KWARGS", """{"endpoint_url":"http://s3","aws_access_key_id":"k"}"""));
        Assert.Equal(["http://a/cb", "http://b/cb"], config.GetSection("DiracX:Auth:AllowedRedirects").Get<string[]>()!);
        Assert.Equal("http://s3", config["DiracX:SandboxStore:S3ClientKwargs:endpoint_url"]);
    }

    // Every string-valued DiracX setting whose value may be JSON keeps its string (DiracX reads it as a string).
    [Theory]
    [InlineData("DIRACX_SERVICE_AUTH_TOKEN_KEYSTORE", "DiracX:Auth:TokenKeystore",
        """{"keys":[{"kty":"OKP","crv":"Ed25519","kid":"k1","d":"abc","x":"def","key_ops":["sign","verify"],"alg":"EdDSA"}]}""")]
    [InlineData("DIRACX_SERVICE_AUTH_TOKEN_KEYSTORE", "DiracX:Auth:TokenKeystore", """ {"keys":[]} """)]
    [InlineData("DIRACX_SERVICE_AUTH_STATE_KEY", "DiracX:Auth:StateKey", """{"not":"a fernet key, but a string"}""")]
    [InlineData("DIRACX_LEGACY_EXCHANGE_HASHED_API_KEY", "DiracX:Auth:LegacyExchangeHashedApiKey", """["still","a","string"]""")]
    [InlineData("DIRACX_SERVICE_AUTH_TOKEN_ISSUER", "DiracX:Auth:TokenIssuer", """{"iss":1}""")]
    [InlineData("DIRACX_CONFIG_BACKEND_URL", "DiracX:Config:BackendUrl", "[git+file:///cs]")]
    [InlineData("DIRACX_OTEL_HEADERS", "DiracX:Otel:Headers", """{"Authorization":"Bearer x"}""")]
    public void A_string_setting_keeps_its_value_even_when_it_is_json(string name, string key, string value)
    {
        var config = Build((name, value));
        Assert.Equal(value, config[key]);
        Assert.Empty(config.GetSection(key).GetChildren());
    }

    [Theory]
    [InlineData("DIRACX_SERVICE_AUTH_ALLOWED_REDIRECTS", "DiracX:Auth:AllowedRedirects", """["http://localhost:3000/#authentication-callback"]""", "http://localhost:3000/#authentication-callback")]
    [InlineData("DIRACX_SERVICE_AUTH_TOKEN_ALLOWED_ALGORITHMS", "DiracX:Auth:TokenAllowedAlgorithms", """["Ed25519"]""", "Ed25519")]
    [InlineData("DIRACX_SERVICE_AUTH_AVAILABLE_PROPERTIES", "DiracX:Auth:AvailableProperties", """["NormalUser"]""", "NormalUser")]
    public void A_list_setting_becomes_a_section(string name, string key, string value, string first)
    {
        Assert.Equal([first], Build((name, value)).GetSection(key).Get<string[]>()!);
    }

    // The AppHost gives CORS origins as one Aspire parameter (a JSON list) under the .NET name.
    [Fact]
    public void A_list_setting_given_with_its_dotnet_name_as_json_becomes_a_section()
    {
        var config = Build(("DiracX__Http__CorsOrigins", """["http://localhost:3000","http://localhost:8000"]"""));
        Assert.Equal(["http://localhost:3000", "http://localhost:8000"], config.GetSection("DiracX:Http:CorsOrigins").Get<string[]>()!);
    }

    [Fact]
    public void Postgres_database_urls_become_connection_strings()
    {
        var config = Build(("DIRACX_DB_URL_JOBDB", "postgresql+asyncpg://diracx:p%40ss@db.example:5433/diracx?sslmode=require"));
        Assert.Equal("Host=db.example;Port=5433;Username=diracx;Password=p@ss;Database=diracx;SSL Mode=require", config.GetConnectionString("jobdb"));
    }

    [Theory]
    [InlineData("mysql+aiomysql://u:p@h/JobDB", "mysql")]
    [InlineData("sqlite+aiosqlite:///:memory:", "sqlite")]
    public void A_non_PostgreSQL_database_url_is_a_clear_start_up_error(string url, string kind)
    {
        var error = Assert.Throws<InvalidOperationException>(() => Build(("DIRACX_DB_URL_JOBDB", url)));
        Assert.Contains($"DIRACX_DB_URL_JOBDB is a {kind} URL", error.Message, StringComparison.Ordinal);
        Assert.Contains("PostgreSQL only", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Both_spellings_with_different_values_fail_naming_both_keys()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Build(
            ("DIRACX_SERVICE_AUTH_TOKEN_ISSUER", "https://a"), ("DiracX__Auth__TokenIssuer", "https://b")));
        Assert.Contains("DIRACX_SERVICE_AUTH_TOKEN_ISSUER", error.Message, StringComparison.Ordinal);
        Assert.Contains("DiracX__Auth__TokenIssuer", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("https://", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Both_spellings_with_the_same_value_are_accepted()
    {
        Assert.Equal("https://a", Build(("DIRACX_SERVICE_AUTH_TOKEN_ISSUER", "https://a"), ("DiracX__Auth__TokenIssuer", "https://a"))["DiracX:Auth:TokenIssuer"]);
    }

    [Fact]
    public void The_redis_url_becomes_the_redis_connection_string()
    {
        Assert.Equal("cache:6380,password=s3cret", Build(("DIRACX_TASKS_REDIS_URL", "redis://:s3cret@cache:6380"))["ConnectionStrings:redis"]);
    }

    [Fact]
    public void Client_side_and_unknown_variables_are_ignored()
    {
        var config = Build(("DIRACX_URL", "https://diracx"), ("PATH", "/bin"));
        Assert.Empty(config.AsEnumerable());
    }
}
