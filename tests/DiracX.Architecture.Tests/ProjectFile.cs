using System.Xml.Linq;

namespace DiracX.Architecture.Tests;

/// <summary>What the dependency rules need to know of one project file.</summary>
internal sealed record ProjectFile(
    string Name,
    string Sdk,
    IReadOnlyList<string> ProjectReferences,
    IReadOnlyList<string> PackageReferences,
    IReadOnlyList<string> FrameworkReferences,
    bool SetsVersion)
{
    public static ProjectFile Load(string path) => Parse(System.IO.Path.GetFileNameWithoutExtension(path), File.ReadAllText(path));

    public static ProjectFile Parse(string name, string xml)
    {
        var doc = XDocument.Parse(xml);
        IReadOnlyList<string> Includes(string element) =>
            [.. doc.Descendants(element).Select(e => (string?)e.Attribute("Include")).OfType<string>()];
        return new ProjectFile(
            name,
            (string?)doc.Root?.Attribute("Sdk") ?? "",
            // A reference with ReferenceOutputAssembly="false" only orders the build (a code generator), it is not a dependency.
            [.. doc.Descendants("ProjectReference")
                .Where(e => !string.Equals((string?)e.Attribute("ReferenceOutputAssembly"), "false", StringComparison.OrdinalIgnoreCase))
                .Select(e => (string?)e.Attribute("Include")).OfType<string>()
                .Select(p => System.IO.Path.GetFileNameWithoutExtension(p.Replace('\\', '/')))],
            Includes("PackageReference"),
            Includes("FrameworkReference"),
            doc.Descendants("Version").Any() || doc.Descendants("VersionPrefix").Any());
    }
}
