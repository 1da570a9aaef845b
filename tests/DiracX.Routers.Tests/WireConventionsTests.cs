using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace DiracX.Routers.Tests;

/// <summary>The wire rules every route follows (inventory 2.1 and the error examples of 2.6).</summary>
public class WireConventionsTests(RoutersFixture fixture) : IClassFixture<RoutersFixture>
{
    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    private static async Task<JsonElement> DetailAsync(HttpResponseMessage response)
    {
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.Equal(["detail"], doc.RootElement.EnumerateObject().Select(p => p.Name));
        return doc.RootElement.GetProperty("detail").Clone();
    }

    [Fact]
    public async Task Malformed_json_is_a_422_in_FastAPI_shape()
    {
        var response = await fixture.Client.PostAsync("/api/lollygag/owners", Json("{\"OwnerName\": "), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = Assert.Single((await DetailAsync(response)).EnumerateArray());
        Assert.Equal("body", problem.GetProperty("loc")[0].GetString());
        Assert.Equal("json_invalid", problem.GetProperty("type").GetString());
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("msg").GetString()));
    }

    [Fact]
    public async Task A_wrong_type_is_a_422_locating_the_field()
    {
        var body = """{"OwnerName":"x","LicensePlate":"X-1","Model":"m","Age":"forty"}""";
        var response = await fixture.Client.PostAsync("/api/lollygag/owners", Json(body), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var loc = Assert.Single((await DetailAsync(response)).EnumerateArray()).GetProperty("loc");
        Assert.Equal(["body", "Age"], loc.EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Numbers_are_strict_and_names_are_exact()
    {
        // "40" as a string is refused (strict numbers); "ownername" in lower case is not "OwnerName".
        var body = """{"ownername":"x","LicensePlate":"X-2","Model":"m","Age":40}""";
        var response = await fixture.Client.PostAsync("/api/lollygag/owners", Json(body), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
    }

    [Fact]
    public async Task A_missing_body_is_a_422()
    {
        var response = await fixture.Client.PostAsync("/api/lollygag/owners", Json(""), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal(JsonValueKind.Array, (await DetailAsync(response)).ValueKind);
    }

    [Theory]
    [InlineData("per_page=abc", "per_page", "int_parsing")]
    [InlineData("per_page=0", "per_page", "less_than_equal")]
    [InlineData("per_page=10001", "per_page", "less_than_equal")]
    [InlineData("page=0", "page", "greater_than_equal")]
    public async Task Bad_query_parameters_are_422_locating_the_parameter(string query, string name, string type)
    {
        var response = await fixture.Client.GetAsync($"/api/lollygag/page?{query}", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var problem = Assert.Single((await DetailAsync(response)).EnumerateArray());
        Assert.Equal(["query", name], problem.GetProperty("loc").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(type, problem.GetProperty("type").GetString());
    }

    [Fact]
    public async Task An_unknown_path_is_a_404_with_detail()
    {
        var response = await fixture.Client.GetAsync("/api/no/such/route", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("Not Found", (await DetailAsync(response)).GetString());
    }

    [Fact]
    public async Task A_wrong_method_is_a_405_with_detail()
    {
        var response = await fixture.Client.DeleteAsync("/api/lollygag/owners", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("Method Not Allowed", (await DetailAsync(response)).GetString());
    }

    [Fact]
    public async Task A_body_over_the_limit_is_a_413_and_writes_nothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var body = JsonSerializer.Serialize(new { OwnerName = "huge", LicensePlate = "HU-1", Model = new string('m', 10_000), Age = 1 });
        var response = await fixture.Client.PostAsync("/api/lollygag/owners", Json(body), ct);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("Request body too large", (await DetailAsync(response)).GetString());
        Assert.DoesNotContain("huge", (await fixture.Client.GetFromJsonAsync<string[]>("/api/lollygag/owners", ct))!);
    }

    [Fact]
    public async Task An_unexpected_failure_is_a_500_without_internals()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/lollygag/boom");
        request.Headers.Authorization = new("Bearer", "not-a-real-token");
        var response = await fixture.Client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("""{"detail":"Internal server error"}""", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Cors_allows_DiracX_default_origins_and_exposes_content_range()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/lollygag/owners");
        request.Headers.Add("Origin", "http://localhost:8000");
        var response = await fixture.Client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal("http://localhost:8000", Assert.Single(response.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Contains("Content-Range", response.Headers.GetValues("Access-Control-Expose-Headers").Single(), StringComparison.Ordinal);

        using var foreign = new HttpRequestMessage(HttpMethod.Get, "/api/lollygag/owners");
        foreign.Headers.Add("Origin", "https://evil.example");
        var refused = await fixture.Client.SendAsync(foreign, TestContext.Current.CancellationToken);
        Assert.False(refused.Headers.Contains("Access-Control-Allow-Origin"));
    }
}
