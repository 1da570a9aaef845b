using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace DiracX.AppHost.Tests.Processes;

/// <summary>
/// Compiles a tiny extension assembly in the test (Roslyn comes with EF Core's design-time package), against the
/// DiracX assemblies a built host ships, as an extension author's build would.
/// </summary>
internal static class ExtensionCompiler
{
    /// <summary>The NuGet cache's Humanizer.Core: a package that no DiracX host ships (a private dependency).</summary>
    public static string HumanizerDll { get; } = Path.Combine(
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages"),
        "humanizer.core", "2.14.1", "lib", "netstandard2.0", "Humanizer.dll");

    /// <summary>
    /// Compiles <paramref name="source"/> to <paramref name="folder"/>/<paramref name="name"/>.dll against the assemblies of
    /// <paramref name="hostFolder"/>, the shared frameworks and <paramref name="extra"/>; returns the assembly's path.
    /// </summary>
    public static string Compile(string folder, string name, string source, string hostFolder, IEnumerable<MetadataReference>? extra = null)
    {
        var references = new Dictionary<string, MetadataReference>(StringComparer.OrdinalIgnoreCase);
        foreach (var dll in Directory.EnumerateFiles(hostFolder, "*.dll"))
        {
            references[Path.GetFileNameWithoutExtension(dll)] = MetadataReference.CreateFromFile(dll);
        }
        AddFramework(references);
        var all = references.Values.Concat(extra ?? []);
        var bytes = Emit(name, source, all);
        var path = Path.Combine(folder, name + ".dll");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>Compiles <paramref name="source"/> against the shared runtime and <paramref name="extra"/>, in memory.</summary>
    public static byte[] CompileStandalone(string name, string source, IEnumerable<MetadataReference>? extra = null)
    {
        var references = new Dictionary<string, MetadataReference>(StringComparer.OrdinalIgnoreCase);
        AddFramework(references, aspNetCore: false);
        return Emit(name, source, references.Values.Concat(extra ?? []));
    }

    private static void AddFramework(Dictionary<string, MetadataReference> references, bool aspNetCore = true)
    {
        var folders = new List<string> { Path.GetDirectoryName(typeof(object).Assembly.Location)! };
        if (aspNetCore)
        {
            folders.Add(Path.GetDirectoryName(typeof(Microsoft.AspNetCore.Http.IResult).Assembly.Location)!);
        }
        foreach (var folder in folders)
        {
            foreach (var dll in Directory.EnumerateFiles(folder, "*.dll"))
            {
                var simple = Path.GetFileNameWithoutExtension(dll);
                if (!references.ContainsKey(simple) && IsManaged(dll))
                {
                    references[simple] = MetadataReference.CreateFromFile(dll);
                }
            }
        }
    }

    private static bool IsManaged(string dll)
    {
        try
        {
            AssemblyName.GetAssemblyName(dll);
            return true;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }

    private static byte[] Emit(string name, string source, IEnumerable<MetadataReference> references)
    {
        var compilation = CSharpCompilation.Create(name, [CSharpSyntaxTree.ParseText(source, new CSharpParseOptions(LanguageVersion.Latest))],
            references, new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        using var stream = new MemoryStream();
        var result = compilation.Emit(stream);
        Assert.True(result.Success, "the test extension does not compile:\n" + string.Join("\n",
            result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        return stream.ToArray();
    }
}
