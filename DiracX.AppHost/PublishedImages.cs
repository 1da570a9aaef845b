namespace DiracX.AppHost;

/// <summary>
/// An experiment's images in a published manifest: <c>--DiracX:Images:Services=&lt;image&gt;</c> (the routers and the
/// migration service, which share the services image) and <c>--DiracX:Images:Tasks=&lt;image&gt;</c> write
/// <c>migrations</c>, <c>routers</c> and <c>tasks</c> as <c>container.v0</c> resources of those images (for example
/// <c>ghcr.io/lhcb/gubbins/services:0.1.0</c>, built FROM DiracX's by the extension's image script) instead of
/// <c>project.v0</c> resources that aspirate would build from DiracX's projects. Names, environment and bindings stay
/// the same, so deploy/kubernetes/ still patches them. Without the settings the manifest is unchanged.
/// </summary>
internal static class PublishedImages
{
    /// <summary>The configuration key of the image that runs the routers and the migration service.</summary>
    public const string ServicesSetting = "DiracX:Images:Services";

    /// <summary>The configuration key of the image that runs the tasks host.</summary>
    public const string TasksSetting = "DiracX:Images:Tasks";

    /// <summary>The port the services images listen on (ASPNETCORE_HTTP_PORTS of diracx/services-base).</summary>
    public const int ServicesPort = 8080;

    /// <summary>The migration service in the services image (containers/Image.props, DiracX.Routers.csproj).</summary>
    public static readonly string[] MigrationCommand = ["dotnet", "/app/migrations/DiracX.MigrationService.dll"];

    /// <summary>Applies the configured images; a setting outside publish mode is refused (a local run uses DiracX:Extensions).</summary>
    public static void Apply(IDistributedApplicationBuilder builder, IResourceBuilder<ProjectResource> migrations,
        IResourceBuilder<ProjectResource> routers, IResourceBuilder<ProjectResource> tasks)
    {
        var services = Image(builder, ServicesSetting);
        var tasksImage = Image(builder, TasksSetting);
        if (services is null && tasksImage is null)
        {
            return;
        }
        if (!builder.ExecutionContext.IsPublishMode)
        {
            throw new InvalidOperationException(
                $"{ServicesSetting} and {TasksSetting} name the images of a published manifest; a local run loads an extension with {LocalExtension.Setting}");
        }
        if (services is not null)
        {
            PublishAs(migrations, services, MigrationCommand);
            // A container.v0 binding needs its container port; a project's is implied (aspirate assumes 8080).
            routers.WithEndpoint("http", e => e.TargetPort = ServicesPort);
            PublishAs(routers, services, []);
        }
        if (tasksImage is not null)
        {
            PublishAs(tasks, tasksImage, []);
        }
    }

    private static string? Image(IDistributedApplicationBuilder builder, string setting)
    {
        var value = builder.Configuration[setting];
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        value = value.Trim();
        return value.Contains(':', StringComparison.Ordinal) || value.Contains('@', StringComparison.Ordinal)
            ? value
            : throw new InvalidOperationException($"{setting}={value} names no tag: give the image as <repository>:<version>, e.g. gubbins/services:0.1.0");
    }

    // The project's own environment callbacks (connection strings, DIRACX_* settings, HTTP_PORTS) and endpoints are
    // written, so the container gets exactly what the project would have had.
    private static void PublishAs(IResourceBuilder<ProjectResource> project, string image, string[] args) =>
        project.WithManifestPublishingCallback(async context =>
        {
            var writer = context.Writer;
            writer.WriteString("type", "container.v0");
            writer.WriteString("image", image);
            if (args.Length > 0)
            {
                writer.WriteStartArray("args");
                foreach (var arg in args)
                {
                    writer.WriteStringValue(arg);
                }
                writer.WriteEndArray();
            }
            await context.WriteEnvironmentVariablesAsync(project.Resource);
            context.WriteBindings(project.Resource);
        });
}
