using System.Text.Json;

namespace DiracX.AppHost.Tests;

/// <summary>
/// An extension's images in the deployment manifest: <c>--DiracX:Images:Services</c> and <c>--DiracX:Images:Tasks</c>
/// turn migrations, routers and tasks into <c>container.v0</c> resources of those images, with the names, environment
/// and bindings that the default manifest gives the projects (so deploy/kubernetes/ still applies to aspirate's output).
/// </summary>
public sealed class ExtensionImagesManifestTests
{
    private const string Services = "ghcr.io/lhcb/gubbins/services:0.1.0";
    private const string Tasks = "ghcr.io/lhcb/gubbins/tasks:0.1.0";
    private static readonly Lazy<Task<JsonElement>> s_default = new(() => ManifestTests.PublishAsync());
    private static readonly Lazy<Task<JsonElement>> s_extension = new(() => ManifestTests.PublishAsync(
        $"--DiracX:Images:Services={Services}", $"--DiracX:Images:Tasks={Tasks}"));

    [Theory]
    [InlineData("migrations", Services)]
    [InlineData("routers", Services)]
    [InlineData("tasks", Tasks)]
    public async Task A_named_image_publishes_the_service_as_a_container_with_the_project_environment(string service, string image)
    {
        var published = (await s_extension.Value).GetProperty("resources").GetProperty(service);
        var project = (await s_default.Value).GetProperty("resources").GetProperty(service);
        Assert.Equal("project.v0", project.GetProperty("type").GetString());
        Assert.Equal("container.v0", published.GetProperty("type").GetString());
        Assert.Equal(image, published.GetProperty("image").GetString());
        Assert.False(published.TryGetProperty("path", out _), "a container.v0 resource names no project");
        Assert.Equal(Variables(project), Variables(published));
    }

    [Fact]
    public async Task The_routers_container_keeps_the_binding_and_listens_on_the_image_port()
    {
        var published = (await s_extension.Value).GetProperty("resources").GetProperty("routers").GetProperty("bindings").GetProperty("http");
        var project = (await s_default.Value).GetProperty("resources").GetProperty("routers").GetProperty("bindings").GetProperty("http");
        foreach (var field in (string[])["scheme", "protocol", "transport", "port", "external"])
        {
            Assert.Equal(project.GetProperty(field).ToString(), published.GetProperty(field).ToString());
        }
        Assert.Equal(8080, published.GetProperty("targetPort").GetInt32());
        Assert.False(project.TryGetProperty("targetPort", out _), "the default manifest changed: a project's binding names no targetPort");
    }

    [Fact]
    public async Task The_migrations_container_runs_the_migration_service_of_the_services_image()
    {
        var resources = (await s_extension.Value).GetProperty("resources");
        Assert.Equal(["dotnet", "/app/migrations/DiracX.MigrationService.dll"],
            resources.GetProperty("migrations").GetProperty("args").EnumerateArray().Select(a => a.GetString()));
        Assert.False(resources.GetProperty("routers").TryGetProperty("args", out _), "the routers run the image's own command");
    }

    [Fact]
    public async Task Everything_else_in_the_manifest_is_unchanged()
    {
        var published = (await s_extension.Value).GetProperty("resources");
        var original = (await s_default.Value).GetProperty("resources");
        Assert.Equal(original.EnumerateObject().Select(r => r.Name).Order(), published.EnumerateObject().Select(r => r.Name).Order());
        foreach (var resource in original.EnumerateObject().Where(r => r.Name is not ("migrations" or "routers" or "tasks")))
        {
            Assert.Equal(resource.Value.ToString(), published.GetProperty(resource.Name).ToString());
        }
    }

    [Fact]
    public async Task An_image_without_a_tag_is_refused_in_one_line_naming_the_setting()
    {
        var (exitCode, stdout, stderr, _) = await ManifestTests.RunPublisherAsync("--DiracX:Images:Services=gubbins/services");
        Assert.True(exitCode == 1, $"exit {exitCode}: {stdout}{stderr}");
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Contains("DiracX:Images:Services=gubbins/services names no tag", line, StringComparison.Ordinal);
    }

    private static SortedDictionary<string, string?> Variables(JsonElement resource) =>
        new(resource.GetProperty("env").EnumerateObject().ToDictionary(v => v.Name, v => v.Value.GetString()), StringComparer.Ordinal);
}
