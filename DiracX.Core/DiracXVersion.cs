using System.Reflection;

namespace DiracX.Core;

/// <summary>The one version that every DiracX package and image carries (set once in Directory.Build.props).</summary>
public static class DiracXVersion
{
    /// <summary>The version of this build, without source-control metadata, e.g. <c>0.1.0</c>.</summary>
    public static string Current { get; } = Read(typeof(DiracXVersion).Assembly);

    /// <summary>Reads the informational version of an assembly, dropping any <c>+commit</c> suffix.</summary>
    public static string Read(Assembly assembly)
    {
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString(3)
            ?? "0.0.0";
        var plus = informational.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? informational : informational[..plus];
    }
}
