namespace DiracX.AppHost;

/// <summary>The stores every DiracX service uses: PostgreSQL (<c>diracx</c>), Redis (<c>redis</c>) and an S3 endpoint.</summary>
public sealed record Infrastructure(
    IResourceBuilder<IResourceWithConnectionString> Database,
    IResourceBuilder<IResourceWithConnectionString> Redis,
    ReferenceExpression S3Endpoint)
{
    /// <summary>The connection name of DiracX's databases (<c>ConnectionStrings:diracx</c>, used by every DB).</summary>
    public const string DatabaseName = "diracx";

    /// <summary>The PostgreSQL major version of the tests and of the container image.</summary>
    public const string PostgresImageTag = "15";

    /// <summary>Adds the stores of the given mode.</summary>
    public static Infrastructure Add(IDistributedApplicationBuilder builder, InfraMode mode, string repositoryRoot, LocalDataFolder? local)
    {
        switch (mode)
        {
            case InfraMode.External:
                RequireConfiguration(builder, $"ConnectionStrings:{DatabaseName}", "ConnectionStrings:redis",
                    "Parameters:s3-endpoint-url", "Parameters:s3-access-key-id", "Parameters:s3-secret-access-key");
                return new(builder.AddConnectionString(DatabaseName), builder.AddConnectionString("redis"), S3FromParameter(builder));
            case InfraMode.Local:
                var data = local ?? throw new InvalidOperationException("Local mode needs the local data folder.");
                var localPostgres = builder.AddLocalPostgres("postgres", DatabaseName, PostgresDataRoot(data.Root));
                return new(localPostgres, builder.AddLocalRedis("redis"), LocalS3Endpoint(builder, repositoryRoot, data));
            default:
                var postgres = builder.AddPostgres("postgres").WithImageTag(PostgresImageTag);
                var redis = builder.AddRedis("redis");
                if (builder.ExecutionContext.IsPublishMode)
                {
                    // A deployment keeps its data (aspirate turns data volumes into StatefulSets with claims), and the
                    // image creates the database (aspirate does not run Aspire's CREATE DATABASE; the migration Job
                    // would create it too).
                    postgres.WithDataVolume().WithEnvironment("POSTGRES_DB", DatabaseName);
                    redis.WithDataVolume();
                }
                var database = postgres.AddDatabase(DatabaseName);
                // Running with containers still serves S3 with s3rver; a deployment points at its own S3 store.
                var s3 = local is null ? S3FromParameter(builder) : LocalS3Endpoint(builder, repositoryRoot, local);
                return new(database, redis, s3);
        }
    }

    private static ReferenceExpression LocalS3Endpoint(IDistributedApplicationBuilder builder, string repositoryRoot, LocalDataFolder local)
    {
        var s3 = builder.AddLocalS3("s3", repositoryRoot, Path.Combine(local.Root, "s3"), DiracXSettings.Bucket);
        DiracXSettings.Default(builder, "s3-access-key-id", LocalS3.AccessKeyId);
        DiracXSettings.Default(builder, "s3-secret-access-key", LocalS3.SecretAccessKey);
        return ReferenceExpression.Create($"{s3.GetEndpoint("http")}");
    }

    private static ReferenceExpression S3FromParameter(IDistributedApplicationBuilder builder) =>
        ReferenceExpression.Create($"{builder.AddParameter("s3-endpoint-url").Resource}");

    // As root, postgres runs as the postgres user, which must be able to reach its data folder: when a parent folder
    // is closed to others (a home folder), the cluster goes under /var/tmp instead.
    private static string PostgresDataRoot(string localRoot)
    {
        var preferred = Path.Combine(localRoot, "postgres");
        if (!LocalBinaries.IsRoot || OthersCanTraverse(localRoot))
        {
            return preferred;
        }
        var id = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(localRoot)))[..12];
        return Path.Combine("/var/tmp", $"diracx-local-postgres-{id}");
    }

    private static bool OthersCanTraverse(string path)
    {
        for (var dir = new DirectoryInfo(path); dir is not null; dir = dir.Parent)
        {
            if (dir.Exists && !dir.UnixFileMode.HasFlag(UnixFileMode.OtherExecute))
            {
                return false;
            }
        }
        return true;
    }

    private static void RequireConfiguration(IDistributedApplicationBuilder builder, params string[] keys)
    {
        var missing = keys.Where(k => string.IsNullOrWhiteSpace(builder.Configuration[k])).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"Infra:Mode=external needs {string.Join(", ", missing)} in configuration (e.g. environment variables with '__' for ':').");
        }
    }
}
