using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace DiracX.AppHost.Tests;

/// <summary>A local run with <c>--DiracX:Extensions</c> gives DIRACX_EXTENSIONS to the three DiracX hosts.</summary>
public sealed class LocalExtensionTests
{
    [Fact]
    public async Task The_extension_is_passed_to_the_migration_service_the_routers_and_the_tasks_host()
    {
        var ct = TestContext.Current.CancellationToken;
        var dataDir = Directory.CreateTempSubdirectory("diracx-ext-apphost-").FullName;
        var extension = Directory.CreateDirectory(Path.Combine(dataDir, "gubbins")).FullName;
        try
        {
            var appHost = await DistributedApplicationTestingBuilder.CreateAsync<Projects.DiracX_AppHost>(
                ["--Infra:Mode=local", $"--DiracX:LocalDataDir={dataDir}", $"--DiracX:Extensions={extension}"], ct);
            await using var app = await appHost.BuildAsync(ct);
            var model = app.Services.GetRequiredService<DistributedApplicationModel>();
            foreach (var name in new[] { "migrations", "routers", "tasks" })
            {
                var resource = Assert.IsType<ProjectResource>(model.Resources.Single(r => r.Name == name));
#pragma warning disable CS0618 // the simplest evaluation of a resource's environment for a test
                var environment = await resource.GetEnvironmentVariableValuesAsync(DistributedApplicationOperation.Run);
#pragma warning restore CS0618
                Assert.Equal(extension, environment["DIRACX_EXTENSIONS"]);
            }
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }
}
