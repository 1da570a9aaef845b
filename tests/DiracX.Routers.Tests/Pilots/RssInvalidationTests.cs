using DiracX.Core.Modules;
using DiracX.Db.ResourceStatus;
using DiracX.Routers.Infrastructure.Hosting;
using DiracX.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace DiracX.Routers.Tests.Pilots;

/// <summary>
/// An operator's statuses drop the shared snapshot only once they are committed: a snapshot dropped before the commit
/// could be rebuilt from the old rows by any reader in between and shared for its whole TTL.
/// </summary>
public class RssInvalidationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_snapshot_is_dropped_when_another_reader_already_sees_the_new_statuses()
    {
        var observer = new ObservingModule();
        await using var app = await DiracXTestApp.StartAsync([.. DiracXModules.BuiltIn, observer], cancellationToken: Ct);
        observer.ConnectionString = app.Database!.ConnectionString;

        var set = await Jobs.JobsFixture.PatchAsync(app.CreateClient(PilotsFixture.ServiceAdmin), "/api/rss/statuses",
            new[] { new { name = "ce-after-commit", element_type = "ComputeElement", status = "Banned" } });
        set.EnsureSuccessStatusCode();

        Assert.Equal(["Banned"], observer.SeenAtInvalidation);
        var refused = await Jobs.JobsFixture.PatchAsync(app.CreateClient(PilotsFixture.ServiceAdmin), "/api/rss/statuses",
            new[] { new { name = "ce-after-commit", element_type = "Nowhere", status = "Active" } });
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Single(observer.SeenAtInvalidation);
    }

    /// <summary>Wraps the host's snapshot store and records, at each drop, what a separate connection reads.</summary>
    private sealed class ObservingModule : IDiracXModule
    {
        public string Name => "rss-observer";

        public string? ConnectionString { get; set; }

        public List<string?> SeenAtInvalidation { get; } = [];

        public void Register(DiracXModuleContext context) =>
            context.Services.AddSingleton<IResourceStatusSnapshotStore>(sp =>
                new Observer(this, sp.GetRequiredService<InProcessResourceStatusSnapshotStore>()));

        private sealed class Observer(ObservingModule module, IResourceStatusSnapshotStore inner) : IResourceStatusSnapshotStore
        {
            public Task<ResourceStatusSnapshot> GetAsync(Func<CancellationToken, Task<IReadOnlyList<ResourceStatusRecord>>> load,
                CancellationToken cancellationToken) => inner.GetAsync(load, cancellationToken);

            public async Task InvalidateAsync(CancellationToken cancellationToken)
            {
                await using var connection = new NpgsqlConnection(module.ConnectionString);
                await connection.OpenAsync(cancellationToken);
                await using var read = new NpgsqlCommand(
                    """SELECT "Status" FROM resourcestatusdb."ResourceStatus" WHERE "Name" = 'ce-after-commit'""", connection);
                module.SeenAtInvalidation.Add(await read.ExecuteScalarAsync(cancellationToken) as string);
                await inner.InvalidateAsync(cancellationToken);
            }
        }
    }
}
