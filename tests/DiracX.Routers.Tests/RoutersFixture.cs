using DiracX.Core.Modules;
using DiracX.Routers.Infrastructure.Hosting;
using DiracX.Routers.Tests.Extension;
using DiracX.Testing;

namespace DiracX.Routers.Tests;

/// <summary>DiracX's modules plus the test extension, running in memory on a fresh database (one per test class).</summary>
public class RoutersFixture : IAsyncLifetime
{
    public static IReadOnlyList<IDiracXModule> Modules { get; } = [.. DiracXModules.BuiltIn, new LollygagModule(), new LollygagOverridesModule()];

    public DiracXTestApp App { get; private set; } = null!;

    public HttpClient Client { get; private set; } = null!;

    public virtual async ValueTask InitializeAsync()
    {
        App = await DiracXTestApp.StartAsync(Modules, Settings, cancellationToken: TestContext.Current.CancellationToken);
        Client = App.CreateClient();
    }

    protected virtual IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["DiracX:Http:MaxRequestBodyBytes"] = "4096",
        ["DiracX:Lollygag:Motto"] = "Lollygagging since 2023",
    };

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
