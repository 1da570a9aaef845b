using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace DiracX.Routers.Tests;

public class UnitOfWorkTests(RoutersFixture fixture) : IClassFixture<RoutersFixture>
{
    // HttpClient defaults to camelCase; DiracX names are exact.
    private static readonly JsonSerializerOptions s_exactNames = new();

    private static object Body(string owner, string plate) => new { OwnerName = owner, LicensePlate = plate, Model = "2CV", Age = 40 };

    [Fact]
    public async Task Writes_to_two_contexts_commit_together()
    {
        var ct = TestContext.Current.CancellationToken;
        var response = await fixture.Client.PostAsJsonAsync("/api/lollygag/owners", Body("alice", "AL-1"), s_exactNames, ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(ct));
        Assert.True(json.RootElement.GetProperty("OwnerID").GetInt32() > 0);

        var owners = await fixture.Client.GetFromJsonAsync<string[]>("/api/lollygag/owners", ct);
        Assert.Contains("alice", owners!);
    }

    [Fact]
    public async Task A_failure_in_the_second_table_rolls_back_the_first()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.Equal(HttpStatusCode.Created, (await fixture.Client.PostAsJsonAsync("/api/lollygag/owners", Body("bob", "BO-1"), s_exactNames, ct)).StatusCode);

        var clash = await fixture.Client.PostAsJsonAsync("/api/lollygag/owners", Body("carol", "BO-1"), s_exactNames, ct);

        Assert.Equal(HttpStatusCode.Conflict, clash.StatusCode);
        Assert.Equal("""{"detail":"Car BO-1 already exists"}""", await clash.Content.ReadAsStringAsync(ct));
        var owners = await fixture.Client.GetFromJsonAsync<string[]>("/api/lollygag/owners", ct);
        Assert.DoesNotContain("carol", owners!);
        Assert.Contains("bob", owners!);
    }
}
