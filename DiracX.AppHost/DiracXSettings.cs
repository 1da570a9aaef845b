namespace DiracX.AppHost;

/// <summary>
/// The settings that DiracX's services read (inventory 9.3), as Aspire values: secrets are secret parameters, so the
/// manifest never carries them and a deployment supplies them; in a local run their values come from the local data
/// folder through configuration (<c>Parameters:&lt;name&gt;</c>).
/// </summary>
public sealed class DiracXSettings
{
    /// <summary>The environment prefix of the S3 client settings (DiracX's S3_CLIENT_KWARGS, expanded).</summary>
    public const string S3Kwargs = "DiracX__SandboxStore__S3ClientKwargs";

    /// <summary>The sandbox store bucket.</summary>
    public const string Bucket = "sandboxes";

    /// <summary>
    /// Where a deployment mounts the keystore Secret (deploy/kubernetes/): the published services read
    /// <c>DIRACX_SERVICE_AUTH_TOKEN_KEYSTORE=file:///keystore/jwks.json</c>, never JWKS JSON through a parameter.
    /// </summary>
    public const string MountedKeystore = "file:///keystore/jwks.json";

    /// <summary><c>DIRACX_SERVICE_AUTH_TOKEN_KEYSTORE</c>: JWKS JSON or a <c>file://</c> path; null when publishing (<see cref="MountedKeystore"/>).</summary>
    public IResourceBuilder<ParameterResource>? TokenKeystore { get; init; }

    /// <summary><c>DIRACX_SERVICE_AUTH_STATE_KEY</c>: the Fernet key; null when publishing (a Secret gives it).</summary>
    public IResourceBuilder<ParameterResource>? StateKey { get; init; }

    /// <summary><c>DIRACX_LEGACY_EXCHANGE_HASHED_API_KEY</c>; null when publishing (a Secret gives it).</summary>
    public IResourceBuilder<ParameterResource>? LegacyExchangeHashedApiKey { get; init; }

    /// <summary>The S3 access key id and secret; null when publishing (a Secret gives them).</summary>
    public (IResourceBuilder<ParameterResource> Id, IResourceBuilder<ParameterResource> Secret)? S3Credentials { get; init; }

    /// <summary>The S3 endpoint URL (s3rver's endpoint locally, a parameter otherwise).</summary>
    public required ReferenceExpression S3Endpoint { get; init; }

    /// <summary><c>DIRACX_CONFIG_BACKEND_URL</c>.</summary>
    public required ReferenceExpression ConfigBackendUrl { get; init; }

    /// <summary><c>DIRACX_SERVICE_AUTH_TOKEN_ISSUER</c>; null means the routers' own URL.</summary>
    public ReferenceExpression? TokenIssuer { get; init; }

    /// <summary>
    /// Adds the secret parameters (local runs only: a published manifest leaves the secret settings out, because
    /// aspirate writes every parameter into ConfigMaps in plain text; deploy/kubernetes/ gives them from Secrets).
    /// </summary>
    public static SecretParameters AddSecrets(IDistributedApplicationBuilder builder) => new(
        builder.AddParameter("token-keystore", secret: true),
        builder.AddParameter("auth-state-key", secret: true),
        builder.AddParameter("legacy-exchange-hashed-api-key", secret: true),
        builder.AddParameter("s3-access-key-id", secret: true),
        builder.AddParameter("s3-secret-access-key", secret: true));

    /// <summary>The secret parameters of a local run.</summary>
    public sealed record SecretParameters(IResourceBuilder<ParameterResource> Keystore, IResourceBuilder<ParameterResource> StateKey,
        IResourceBuilder<ParameterResource> LegacyKey, IResourceBuilder<ParameterResource> S3Id, IResourceBuilder<ParameterResource> S3Secret);

    /// <summary>Sets <c>Parameters:&lt;name&gt;</c> unless the configuration already has a value.</summary>
    public static void Default(IDistributedApplicationBuilder builder, string parameter, string value)
    {
        var key = $"Parameters:{parameter}";
        if (string.IsNullOrEmpty(builder.Configuration[key]))
        {
            builder.Configuration[key] = value;
        }
    }

    /// <summary>
    /// Gives a DiracX service (routers, tasks) its connection strings and every DIRACX_* setting.
    /// </summary>
    public IResourceBuilder<ProjectResource> ApplyTo(IResourceBuilder<ProjectResource> project, ReferenceExpression issuer)
    {
        project
            .WithEnvironment("DIRACX_CONFIG_BACKEND_URL", ConfigBackendUrl)
            .WithEnvironment("DIRACX_SERVICE_AUTH_TOKEN_ISSUER", TokenIssuer ?? issuer)
            .WithEnvironment("DIRACX_SANDBOX_STORE_BUCKET_NAME", Bucket)
            .WithEnvironment("DIRACX_SANDBOX_STORE_AUTO_CREATE_BUCKET", "true")
            // DIRACX_SANDBOX_STORE_S3_CLIENT_KWARGS is JSON, whose braces a manifest cannot carry next to its own {expressions};
            // these are the configuration keys that DiracX's JSON variable expands into.
            .WithEnvironment($"{S3Kwargs}__endpoint_url", S3Endpoint);
        if (TokenKeystore is null)
        {
            return project.WithEnvironment("DIRACX_SERVICE_AUTH_TOKEN_KEYSTORE", MountedKeystore);
        }
        project.WithEnvironment("DIRACX_SERVICE_AUTH_TOKEN_KEYSTORE", TokenKeystore);
        if (StateKey is not null)
        {
            project.WithEnvironment("DIRACX_SERVICE_AUTH_STATE_KEY", StateKey);
        }
        if (LegacyExchangeHashedApiKey is not null)
        {
            project.WithEnvironment("DIRACX_LEGACY_EXCHANGE_HASHED_API_KEY", LegacyExchangeHashedApiKey);
        }
        if (S3Credentials is var (id, secret))
        {
            project.WithEnvironment($"{S3Kwargs}__aws_access_key_id", id).WithEnvironment($"{S3Kwargs}__aws_secret_access_key", secret);
        }
        return project;
    }
}
