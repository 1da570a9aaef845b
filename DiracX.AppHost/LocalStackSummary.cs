using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DiracX.AppHost;

/// <summary>
/// What a newcomer needs once the local stack is up: the routers' URL, the API docs, the DevIdp with its users and
/// passwords, and the local data folder. Printed on the console (and logged, category <c>DiracX.AppHost.LocalStack</c>)
/// when the routers are ready.
/// </summary>
public static class LocalStackSummary
{
    /// <summary>The logging category of the summary.</summary>
    public const string Category = "DiracX.AppHost.LocalStack";

    /// <summary>The summary text.</summary>
    public static string Text(string routersUrl, string devIdpUrl, IReadOnlyList<DevUser> users, string dataFolder)
    {
        var routers = routersUrl.TrimEnd('/');
        var text = new StringBuilder()
            .AppendLine("DiracX local stack ready")
            .AppendLine($"  routers:   {routers}")
            .AppendLine($"  API docs:  {routers}/api/docs")
            .AppendLine($"  DevIdp:    {devIdpUrl.TrimEnd('/')}")
            .AppendLine("  users (username / password: VO, groups):");
        foreach (var user in users)
        {
            text.AppendLine($"    {user.Username} / {user.Password}: {user.Vo}, {string.Join(", ", user.Groups)}");
        }
        return text
            .AppendLine($"  data:      {dataFolder} (delete it to start afresh)")
            .AppendLine($"  first steps: docs/first-steps.md (export DIRACX_URL={routers})")
            .ToString();
    }

    /// <summary>Prints and logs the summary once <paramref name="routers"/> is ready.</summary>
    public static void PrintWhenReady(IDistributedApplicationBuilder builder, IResourceBuilder<ProjectResource> routers,
        IResourceBuilder<ProjectResource> devIdp, IReadOnlyList<DevUser> users, LocalDataFolder local)
    {
        builder.Eventing.Subscribe<ResourceReadyEvent>(routers.Resource, (e, _) =>
        {
            var text = Text(routers.GetEndpoint("http").Url, devIdp.GetEndpoint("http").Url, users, local.Root);
            Console.WriteLine(text);
            e.Services.GetRequiredService<ILoggerFactory>().CreateLogger(Category).LogInformation("{Summary}", text);
            return Task.CompletedTask;
        });
    }
}
