using System.Text.Json;
using DiracX.Core.Models;
using DiracX.Routers.Infrastructure.Hosting;

namespace DiracX.Db.Tests.Search;

/// <summary>Builds request models from wire JSON with the service's JSON options, as the HTTP layer would.</summary>
public static class Specs
{
    public static JsonSerializerOptions Json { get; } = CreateOptions();

    public static T Parse<T>(string json) => JsonSerializer.Deserialize<T>(json, Json)!;

    public static SearchSpec Filter(string json) => Parse<SearchSpec>(json);

    public static SearchParams Where(params SearchSpec[] filters) => new() { Search = filters };

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions();
        HttpConventions.ConfigureJson(options);
        return options;
    }
}
