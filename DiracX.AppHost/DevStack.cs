namespace DiracX.AppHost;

/// <summary>
/// The development-only part of a local run: the DevIdp (standing in for the VO's IAM) and the config repository that
/// trusts it. Never part of the manifest.
/// </summary>
public static class DevStack
{
    /// <summary>
    /// Adds the DevIdp with the configured users (DevIdp:Users, default <see cref="DevUser.Defaults"/>), allows the routers' auth
    /// callback as its redirect URI, and (re)writes the config repository once endpoints are known, before the routers
    /// and tasks start.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddDevIdp(IDistributedApplicationBuilder builder, LocalDataFolder local, int port,
        IResourceBuilder<ProjectResource> routers, params IResourceBuilder<ProjectResource>[] configReaders)
    {
        var users = DevUser.FromConfiguration(builder.Configuration);
        var clientId = builder.Configuration["DevIdp:ClientId"] ?? "diracx-dev";
        var devIdp = builder.AddProject<Projects.DiracX_DevIdp>("devidp")
            .WithHttpEndpoint(port: port, name: "http")
            .WithEnvironment("DevIdp__ClientId", clientId)
            .WithEnvironment("DevIdp__RedirectUris__0", ReferenceExpression.Create($"{routers.GetEndpoint("http")}/api/auth/authorize/complete"))
            .WithEnvironment("DevIdp__RedirectUris__1", ReferenceExpression.Create($"{routers.GetEndpoint("http")}/api/auth/device/complete"))
            .WithHttpHealthCheck("/.well-known/openid-configuration");
        for (var i = 0; i < users.Count; i++)
        {
            devIdp.WithEnvironment($"DevIdp__Users__{i}__Username", users[i].Username)
                .WithEnvironment($"DevIdp__Users__{i}__Password", users[i].Password)
                .WithEnvironment($"DevIdp__Users__{i}__Subject", users[i].Subject)
                .WithEnvironment($"DevIdp__Users__{i}__Email", users[i].Email);
        }
        if (builder.Configuration["DevIdp:AutoLoginUser"] is { } autoLogin)
        {
            devIdp.WithEnvironment("DevIdp__AutoLoginUser", autoLogin);
        }

        var written = new Lazy<Task>(async () =>
        {
            var url = devIdp.GetEndpoint("http").Url;
            var yml = ConfigRepository.DefaultYml(new Uri(url), clientId, users);
            await ConfigRepository.EnsureAsync(local.ConfigRepository, yml, CancellationToken.None);
        });
        foreach (var reader in configReaders)
        {
            builder.Eventing.Subscribe<BeforeResourceStartedEvent>(reader.Resource, (_, _) => written.Value);
        }
        return devIdp;
    }
}
