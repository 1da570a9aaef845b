namespace DiracX.AppHost;

/// <summary>
/// An experiment's extension in a local run: <c>--DiracX:Extensions=&lt;folder or assembly&gt;</c> (or the AppHost's
/// own <c>DIRACX_EXTENSIONS</c>) is passed as <c>DIRACX_EXTENSIONS</c> to the migration service, the routers and the
/// tasks host, which load it (docs/extensions.md). In publish mode the extension comes in its images instead
/// (<c>gubbins/services</c>, ... built FROM DiracX's, named by <see cref="PublishedImages"/>), so nothing is passed here.
/// </summary>
internal static class LocalExtension
{
    /// <summary>The configuration key naming the extension.</summary>
    public const string Setting = "DiracX:Extensions";

    /// <summary>Passes the extension to <paramref name="resources"/> in a local run; returns its full path, or null.</summary>
    public static string? Apply(IDistributedApplicationBuilder builder, params IResourceBuilder<ProjectResource>[] resources)
    {
        if (builder.ExecutionContext.IsPublishMode)
        {
            return null;
        }
        var configured = builder.Configuration[Setting] ?? Environment.GetEnvironmentVariable("DIRACX_EXTENSIONS");
        if (string.IsNullOrWhiteSpace(configured))
        {
            return null;
        }
        var path = Path.GetFullPath(configured);
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            throw new InvalidOperationException($"{Setting} (or DIRACX_EXTENSIONS): {path} is neither an assembly nor a folder");
        }
        foreach (var resource in resources)
        {
            resource.WithEnvironment("DIRACX_EXTENSIONS", path);
        }
        return path;
    }
}
