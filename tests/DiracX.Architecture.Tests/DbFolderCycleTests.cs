using System.Text.RegularExpressions;
using DiracX.Testing;

namespace DiracX.Architecture.Tests;

/// <summary>
/// DiracX.Db's folders (one namespace each: Auth, Jobs, Search, Infrastructure...) reference each other without
/// cycles, so that any of them can be read, tested or moved with only the folders below it.
/// </summary>
public class DbFolderCycleTests
{
    [Fact]
    public void Db_folders_reference_each_other_without_cycles()
    {
        var graph = FolderGraph();
        var cycles = graph.Keys.Select(f => CycleFrom(f, graph)).OfType<string>().Distinct().ToList();
        Assert.True(cycles.Count == 0, "DiracX.Db folder cycles: " + string.Join("; ", cycles));
    }

    [Fact]
    public void The_checker_sees_the_references_it_must()
    {
        var graph = FolderGraph();
        Assert.Contains("Infrastructure", graph["Jobs"]);
        Assert.Contains("Search", graph["Jobs"]);
        Assert.Contains("Infrastructure", graph["Search"]);
    }

    // Folder -> the other folders its code names: `using DiracX.Db.X;`, `DiracX.Db.X.` or a qualified `X.Type`.
    private static Dictionary<string, HashSet<string>> FolderGraph()
    {
        var root = Path.Combine(RepositoryRoot.Path, "DiracX.Db");
        var folders = Directory.GetDirectories(root).Select(Path.GetFileName).Where(f => f is not ("bin" or "obj")).Cast<string>().ToList();
        var graph = folders.ToDictionary(f => f, _ => new HashSet<string>(StringComparer.Ordinal), StringComparer.Ordinal);
        foreach (var folder in folders)
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(root, folder), "*.cs", SearchOption.AllDirectories)
                         .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
            {
                var code = string.Join('\n', File.ReadLines(file).Where(l => !l.TrimStart().StartsWith("//", StringComparison.Ordinal)));
                foreach (var other in folders.Where(o => o != folder))
                {
                    var pattern = $@"(DiracX\.Db\.{other}\b|(?<![\w.""]){other}\.[A-Z])";
                    if (Regex.IsMatch(code, pattern))
                    {
                        graph[folder].Add(other);
                    }
                }
            }
        }
        return graph;
    }

    private static string? CycleFrom(string start, Dictionary<string, HashSet<string>> graph)
    {
        var path = new List<string>();
        return Visit(start);

        string? Visit(string node)
        {
            if (path.Contains(node))
            {
                var cycle = path.Skip(path.IndexOf(node)).Append(node).ToList();
                return cycle.Count > 0 && node == start ? string.Join(" -> ", cycle) : null;
            }
            path.Add(node);
            foreach (var next in graph[node].Order(StringComparer.Ordinal))
            {
                if (Visit(next) is { } found)
                {
                    return found;
                }
            }
            path.RemoveAt(path.Count - 1);
            return null;
        }
    }
}
