using DiracX.AppHost;

try
{
    await RunAsync(args);
    return 0;
}
catch (Exception e) when (StartupFailure.ReportsItself)
{
    return StartupFailure.Report(e);
}

static async Task RunAsync(string[] args)
{
    var builder = DistributedApplication.CreateBuilder(args);
    var publishing = builder.ExecutionContext.IsPublishMode;
    var mode = InfraModes.Resolve(builder);
    var repositoryRoot = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, ".."));
    // Fixed ports (DiracX:Ports:*), checked free before anything starts; random under Aspire.Hosting.Testing.
    var ports = LocalPorts.Resolve(builder, checkFree: !publishing && !LocalPorts.Randomized(builder));

    // Secrets are parameters of a local run, filled from the local data folder. A published manifest leaves them out:
    // aspirate would write them into ConfigMaps in plain text; deploy/kubernetes/ gives them from Secrets, the keystore
    // as a file mounted at /keystore (DiracXSettings.MountedKeystore).
    var secrets = publishing ? null : DiracXSettings.AddSecrets(builder);
    LocalDataFolder? local = null;
    if (!publishing)
    {
        local = await LocalDataFolder.PrepareAsync(builder.Configuration["DiracX:LocalDataDir"] ?? Path.Combine(repositoryRoot, ".diracx-local"),
            CancellationToken.None);
        DiracXSettings.Default(builder, "token-keystore", "file://" + local.KeystorePath);
        DiracXSettings.Default(builder, "auth-state-key", local.StateKey);
        DiracXSettings.Default(builder, "legacy-exchange-hashed-api-key", local.LegacyExchange.HashedApiKey);
    }
    var infra = Infrastructure.Add(builder, mode, repositoryRoot, local);
    var settings = new DiracXSettings
    {
        TokenKeystore = secrets?.Keystore,
        StateKey = secrets?.StateKey,
        LegacyExchangeHashedApiKey = secrets?.LegacyKey,
        S3Credentials = secrets is null ? null : (secrets.S3Id, secrets.S3Secret),
        S3Endpoint = infra.S3Endpoint,
        ConfigBackendUrl = local is null
            ? ReferenceExpression.Create($"{builder.AddParameter("config-backend-url").Resource}")
            : ReferenceExpression.Create($"{ConfigRepository.BackendUrl(local.ConfigRepository)}"),
        TokenIssuer = publishing ? ReferenceExpression.Create($"{builder.AddParameter("token-issuer").Resource}") : null,
    };

    // Only ConnectionStrings__<name>: the per-property variables of a reference (DIRACX_HOST, DIRACX_PASSWORD...) would
    // crowd DiracX's own DIRACX_* settings.
    const ReferenceEnvironmentInjectionFlags ConnectionStringsOnly = ReferenceEnvironmentInjectionFlags.ConnectionString;
    var migrations = builder.AddProject<Projects.DiracX_MigrationService>("migrations")
        .WithReferenceEnvironment(ConnectionStringsOnly)
        .WithReference(infra.Database, Infrastructure.DatabaseName).WaitFor(infra.Database);

    var routers = builder.AddProject<Projects.DiracX_Routers>("routers")
        .WithReferenceEnvironment(ConnectionStringsOnly)
        .WithHttpEndpoint(port: ports.Routers, name: "http")
        .WithExternalHttpEndpoints()
        .WithReference(infra.Database, Infrastructure.DatabaseName).WithReference(infra.Redis)
        .WaitFor(infra.Redis).WaitForCompletion(migrations)
        .WithHttpHealthCheck("/api/health/ready");
    settings.ApplyTo(routers, ReferenceExpression.Create($"{routers.GetEndpoint("http")}"));
    BrowserLogins.Add(builder, routers, ports.Routers);

    var tasks = builder.AddProject<Projects.DiracX_Tasks>("tasks")
        .WithReferenceEnvironment(ConnectionStringsOnly)
        .WithReference(infra.Database, Infrastructure.DatabaseName).WithReference(infra.Redis)
        .WaitFor(infra.Redis).WaitForCompletion(migrations);
    settings.ApplyTo(tasks, ReferenceExpression.Create($"{routers.GetEndpoint("http")}"));
    LocalExtension.Apply(builder, migrations, routers, tasks);
    PublishedImages.Apply(builder, migrations, routers, tasks);

    // DiracX's dummy job executor (Received jobs walk Waiting, Matched, Running, Done every 10 s), off unless asked for:
    // dotnet run --project DiracX.AppHost -- --DiracX:Tasks:DummyJobExecutor:Enabled=true
    if (builder.Configuration["DiracX:Tasks:DummyJobExecutor:Enabled"] is { Length: > 0 } dummyExecutor)
    {
        tasks.WithEnvironment("DiracX__Tasks__DummyJobExecutor__Enabled", dummyExecutor);
    }

    if (local is not null)
    {
        var devIdp = DevStack.AddDevIdp(builder, local, ports.DevIdp, routers, routers, tasks);
        routers.WaitFor(devIdp)
            // Swagger UI's "Authorize" asks for a VO as well (a login needs one when there are several).
            .WithEnvironment("DiracX__Http__DocsOAuthScopes__0", $"vo:{ConfigRepository.Vo}")
            .WithEnvironment("DiracX__ResourceStatus__SeedFile", local.ResourceStatusSeed);
        LocalStackSummary.PrintWhenReady(builder, routers, devIdp, DevUser.FromConfiguration(builder.Configuration), local);
        LocalStackFailures.Report(builder);
    }

    await builder.Build().RunAsync();
}
