namespace DiracX.Architecture.Tests;

/// <summary>Checks the checker: each kind of wrong project file is caught.</summary>
public class DependencyRulesCheckerTests
{
    private static ProjectFile Project(string name, string body, string sdk = "Microsoft.NET.Sdk") =>
        ProjectFile.Parse(name, $"""<Project Sdk="{sdk}"><ItemGroup>{body}</ItemGroup></Project>""");

    [Fact]
    public void A_reference_against_the_direction_is_reported()
    {
        var core = Project("DiracX.Core", """<ProjectReference Include="..\DiracX.Db\DiracX.Db.csproj" />""");
        Assert.Contains(DependencyRules.Violations(core), v => v.Contains("DiracX.Core must not reference DiracX.Db", StringComparison.Ordinal));
    }

    [Fact]
    public void A_server_module_referencing_the_client_is_reported()
    {
        var logic = Project("DiracX.Logic", """<ProjectReference Include="../DiracX.Client/DiracX.Client.csproj" />""");
        Assert.NotEmpty(DependencyRules.Violations(logic));
    }

    [Theory]
    [InlineData("""<FrameworkReference Include="Microsoft.AspNetCore.App" />""")]
    [InlineData("""<PackageReference Include="Microsoft.AspNetCore.Http.Abstractions" />""")]
    public void AspNetCore_in_core_db_or_logic_is_reported(string body)
    {
        foreach (var name in new[] { "DiracX.Core", "DiracX.Db", "DiracX.Logic" })
        {
            Assert.Contains(DependencyRules.Violations(Project(name, body)), v => v.Contains("ASP.NET Core", StringComparison.Ordinal));
        }
    }

    [Theory]
    [InlineData("Microsoft.EntityFrameworkCore")]
    [InlineData("Npgsql.EntityFrameworkCore.PostgreSQL")]
    [InlineData("Npgsql")]
    [InlineData("StackExchange.Redis")]
    [InlineData("Aspire.StackExchange.Redis")]
    public void A_storage_client_in_logic_is_reported(string package)
    {
        var logic = Project("DiracX.Logic", $"""<PackageReference Include="{package}" />""");
        Assert.Contains(DependencyRules.Violations(logic), v => v.Contains("storage client", StringComparison.Ordinal));
        Assert.DoesNotContain(DependencyRules.Violations(Project("DiracX.Db", $"""<PackageReference Include="{package}" />""")),
            v => v.Contains("storage client", StringComparison.Ordinal));
    }

    [Fact]
    public void The_web_sdk_in_logic_is_reported()
    {
        Assert.NotEmpty(DependencyRules.Violations(Project("DiracX.Logic", "", "Microsoft.NET.Sdk.Web")));
    }

    [Theory]
    [InlineData("DiracX.Client")]
    [InlineData("DiracX.Api")]
    [InlineData("DiracX.Cli")]
    public void The_apphost_referencing_the_client_side_is_reported(string clientProject)
    {
        var apphost = Project("DiracX.AppHost", $"""<ProjectReference Include="..\{clientProject}\{clientProject}.csproj" />""");
        Assert.Contains(DependencyRules.Violations(apphost), v => v.Contains("separate consumer", StringComparison.Ordinal));
    }

    [Fact]
    public void A_project_setting_its_own_version_is_reported()
    {
        var project = ProjectFile.Parse("DiracX.Api", """<Project><PropertyGroup><Version>9.9.9</Version></PropertyGroup></Project>""");
        Assert.Contains(DependencyRules.Violations(project), v => v.Contains("own version", StringComparison.Ordinal));
    }

    [Fact]
    public void An_unknown_project_is_reported()
    {
        Assert.NotEmpty(DependencyRules.Violations(Project("DiracX.Whatever", "")));
    }

    [Fact]
    public void The_real_graph_passes()
    {
        var routers = Project("DiracX.Routers", """
            <ProjectReference Include="..\DiracX.Logic\DiracX.Logic.csproj" />
            <ProjectReference Include="..\DiracX.ServiceDefaults\DiracX.ServiceDefaults.csproj" />
            """, "Microsoft.NET.Sdk.Web");
        Assert.Empty(DependencyRules.Violations(routers));
    }
}
