using DiracX.Testing;

namespace DiracX.Architecture.Tests;

public class DependencyGraphTests
{
    private static IEnumerable<string> RootProjectFiles() =>
        Directory.GetDirectories(RepositoryRoot.Path)
            .Select(dir => Path.Combine(dir, Path.GetFileName(dir) + ".csproj"))
            .Where(File.Exists);

    [Fact]
    public void Every_module_of_the_design_is_a_project_at_the_root()
    {
        var names = RootProjectFiles().Select(Path.GetFileNameWithoutExtension).ToHashSet();
        Assert.Superset(DependencyRules.Allowed.Keys.ToHashSet(), names!);
    }

    [Fact]
    public void Every_project_references_only_in_the_direction_of_the_graph()
    {
        var violations = RootProjectFiles().Select(ProjectFile.Load).SelectMany(DependencyRules.Violations).ToList();
        Assert.True(violations.Count == 0, string.Join(Environment.NewLine, violations));
    }

    [Fact]
    public void Every_project_is_in_the_solution()
    {
        var sln = File.ReadAllText(Path.Combine(RepositoryRoot.Path, "DiracX.sln"));
        var tests = Directory.GetFiles(Path.Combine(RepositoryRoot.Path, "tests"), "*.csproj", SearchOption.AllDirectories);
        foreach (var project in RootProjectFiles().Concat(tests))
        {
            Assert.Contains(Path.GetFileName(project), sln, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Core_db_and_logic_assemblies_load_nothing_from_AspNetCore()
    {
        var assemblies = new[] { typeof(Core.DiracXVersion).Assembly, typeof(Db.Infrastructure.DbUnitOfWork).Assembly, typeof(Logic.LogicMarker).Assembly };
        foreach (var assembly in assemblies)
        {
            var web = assembly.GetReferencedAssemblies().Where(a => a.Name!.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
            Assert.Empty(web);
        }
    }

    [Fact]
    public void Logic_references_no_EF_Core_Npgsql_or_Redis_assembly()
    {
        var storage = typeof(Logic.LogicMarker).Assembly.GetReferencedAssemblies().Select(a => a.Name!).Where(DependencyRules.IsStorageClient);
        Assert.Empty(storage);
    }
}
