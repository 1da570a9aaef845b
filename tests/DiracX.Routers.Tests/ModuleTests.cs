using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using DiracX.Routers.Tests.Extension;
using DiracX.Testing;
using Npgsql;

namespace DiracX.Routers.Tests;

public class ModuleTests(RoutersFixture fixture) : IClassFixture<RoutersFixture>
{
    [Fact]
    public async Task An_extension_route_replaces_the_DiracX_route_with_the_same_method_and_path()
    {
        var live = await fixture.Client.GetFromJsonAsync<Dictionary<string, string>>("/api/health/live", TestContext.Current.CancellationToken);
        Assert.Equal("lollygag", live!["by"]);
    }

    [Fact]
    public async Task A_later_module_replaces_an_earlier_route_even_with_a_trailing_slash()
    {
        var motto = await fixture.Client.GetFromJsonAsync<Dictionary<string, string>>("/api/lollygag/motto", TestContext.Current.CancellationToken);
        Assert.Equal("overridden", motto!["motto"]);
    }

    [Fact]
    public async Task The_OpenAPI_document_shows_only_the_winning_route()
    {
        var ct = TestContext.Current.CancellationToken;
        using var doc = JsonDocument.Parse(await fixture.Client.GetStringAsync("/api/openapi.json", ct));
        var paths = doc.RootElement.GetProperty("paths");
        var motto = paths.EnumerateObject().Where(p => p.Name.TrimEnd('/') == "/api/lollygag/motto").ToList();
        var get = Assert.Single(motto).Value.GetProperty("get");
        Assert.Equal("The motto (override)", get.GetProperty("summary").GetString());
        Assert.Equal("lollygag_motto_override", get.GetProperty("operationId").GetString());
        Assert.False(paths.TryGetProperty("/api/health/live", out _));
    }

    [Fact]
    public async Task An_extension_table_lives_in_its_own_schema_with_its_own_migrations_history()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var connection = await fixture.App.Database!.OpenConnectionAsync(ct);
        await using var command = new NpgsqlCommand("""
            SELECT table_schema || '.' || table_name FROM information_schema.tables
            WHERE table_schema IN ('lollygagdb', 'garagedb') ORDER BY 1
            """, connection);
        var tables = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                tables.Add(reader.GetString(0));
            }
        }
        Assert.Equal(["garagedb.Cars", "garagedb.__EFMigrationsHistory", "lollygagdb.Owners", "lollygagdb.__EFMigrationsHistory"], tables);
    }

    [Fact]
    public async Task A_switched_off_system_has_no_routes()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var app = await DiracXTestApp.StartAsync(RoutersFixture.Modules, new Dictionary<string, string?>
        {
            ["DiracX:Services:Lollygag:Enabled"] = "false",
        }, cancellationToken: ct);
        var response = await app.CreateClient().GetAsync("/api/lollygag/motto", ct);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var live = await app.CreateClient().GetFromJsonAsync<Dictionary<string, string>>("/api/health/live", ct);
        Assert.Equal("live", live!["status"]);
        Assert.False(live.ContainsKey("by"));
    }

    [Fact]
    public async Task A_system_missing_a_setting_fails_startup_naming_it()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            DiracXTestApp.StartAsync(RoutersFixture.Modules, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Contains("Cannot enable system=lollygag as it requires the setting DiracX:Lollygag:Motto", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_system_missing_its_database_fails_startup_naming_it()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            DiracXTestApp.StartAsync(RoutersFixture.Modules, new Dictionary<string, string?> { ["DiracX:Lollygag:Motto"] = "m" },
                withDatabase: false, cancellationToken: TestContext.Current.CancellationToken));
        Assert.Contains("Cannot enable system=lollygag as it requires the database lollygagdb", error.Message, StringComparison.Ordinal);
    }
}
