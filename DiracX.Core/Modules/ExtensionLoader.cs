using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Runtime.Loader;

namespace DiracX.Core.Modules;

/// <summary>
/// Loads an experiment's extension into a DiracX host (the .NET counterpart of DiracX's entry points): every host
/// (routers, tasks, migration service, <c>dirac</c>) lists its modules as
/// <c>ExtensionLoader.WithExtension(DiracXHosts.Routers, DiracXModules.BuiltIn)</c>. The setting
/// <see cref="Setting"/> names the extension's assembly or its folder; DiracX loads at most one extension. The
/// extension lives in its own <see cref="AssemblyLoadContext"/>: its private dependencies come from its folder (through
/// its <c>.deps.json</c>), and anything the host has (DiracX.*, Microsoft.*, System.*, the framework and the host's
/// own packages) comes from the host, so there is one <see cref="IDiracXModule"/>, one <c>JobDb</c>, one
/// <c>DbContext</c>. The extension's modules are appended after DiracX's, so its registrations win. An extension built
/// against another DiracX version is refused with one line naming both versions.
/// </summary>
public static class ExtensionLoader
{
    /// <summary>The environment variable naming the extension: an assembly (<c>.dll</c>) or a folder of assemblies.</summary>
    public const string Setting = "DIRACX_EXTENSIONS";

    private const string CoreAssemblyName = "DiracX.Core";
    private static readonly Lock s_lock = new();
    private static DiracXExtension? s_loaded;

    /// <summary>The version of DiracX this host runs (the assembly version of DiracX.Core, three parts).</summary>
    public static Version HostVersion { get; } = Trim(typeof(IDiracXModule).Assembly.GetName().Version!);

    /// <summary>
    /// <paramref name="builtIn"/> followed by the modules that the extension named by <see cref="Setting"/> declares
    /// for <paramref name="host"/> (<see cref="DiracXHosts"/>); <paramref name="builtIn"/> alone without the setting.
    /// </summary>
    /// <exception cref="ExtensionLoadException">The extension cannot be loaded; the message is one line.</exception>
    public static IReadOnlyList<IDiracXModule> WithExtension(string host, IReadOnlyList<IDiracXModule> builtIn) =>
        WithExtension(host, builtIn, Environment.GetEnvironmentVariable(Setting));

    /// <summary>As <see cref="WithExtension(string, IReadOnlyList{IDiracXModule})"/>, with the setting's value given.</summary>
    public static IReadOnlyList<IDiracXModule> WithExtension(string host, IReadOnlyList<IDiracXModule> builtIn, string? setting)
    {
        ArgumentNullException.ThrowIfNull(builtIn);
        if (string.IsNullOrWhiteSpace(setting))
        {
            return builtIn;
        }
        return [.. builtIn, .. Load(setting).CreateModules(host)];
    }

    /// <summary>Loads the extension at <paramref name="setting"/> (once per process; a second, different one is refused).</summary>
    public static DiracXExtension Load(string setting)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(setting);
        var trimmed = setting.Trim();
        if (trimmed.IndexOfAny([Path.PathSeparator, ';', ',']) >= 0)
        {
            throw new ExtensionLoadException($"{Setting} names more than one extension ({trimmed}); DiracX loads at most one");
        }
        var path = Path.GetFullPath(trimmed);
        lock (s_lock)
        {
            if (s_loaded is not null)
            {
                return s_loaded.Path == path
                    ? s_loaded
                    : throw new ExtensionLoadException($"{Setting}: {path} cannot be loaded, {s_loaded.Path} already is; DiracX loads at most one extension");
            }
            s_loaded = LoadCore(path);
            return s_loaded;
        }
    }

    private static DiracXExtension LoadCore(string path)
    {
        string folder;
        List<string> candidates;
        if (File.Exists(path))
        {
            folder = System.IO.Path.GetDirectoryName(path)!;
            candidates = [path];
        }
        else if (Directory.Exists(path))
        {
            folder = path;
            candidates = [.. Directory.EnumerateFiles(path, "*.dll").Order(StringComparer.Ordinal)
                .Where(f => IsExtensionAssemblyName(System.IO.Path.GetFileNameWithoutExtension(f)) && ReferencedCoreVersion(f) is not null)];
            if (candidates.Count == 0)
            {
                throw new ExtensionLoadException($"{Setting}: the folder {path} holds no assembly built against DiracX (none references {CoreAssemblyName})");
            }
        }
        else
        {
            throw new ExtensionLoadException($"{Setting}: {path} is neither an assembly nor a folder");
        }

        foreach (var candidate in candidates)
        {
            var name = System.IO.Path.GetFileNameWithoutExtension(candidate);
            var built = ReferencedCoreVersion(candidate)
                ?? throw new ExtensionLoadException($"{Setting}: {candidate} is not an assembly built against DiracX (it does not reference {CoreAssemblyName})");
            if (Trim(built) != HostVersion)
            {
                throw new ExtensionLoadException(
                    $"{Setting}: the extension {name} was built against DiracX {Trim(built).ToString(3)} but this is DiracX {HostVersion.ToString(3)}; rebuild it against DiracX {HostVersion.ToString(3)}");
            }
        }

        var context = new ExtensionLoadContext(System.IO.Path.GetFileName(path), folder, candidates);
        // Code of the host that loads by name (EF Core finds a context's migrations assembly with Assembly.Load) asks
        // the default context: it gets the extension's copy, so there is still one of each.
        AssemblyLoadContext.Default.Resolving += (_, name) => context.ResolveForHost(name);
        var assemblies = new List<Assembly>();
        foreach (var candidate in candidates)
        {
            try
            {
                assemblies.Add(context.LoadFromAssemblyPath(candidate));
            }
            catch (Exception e) when (e is BadImageFormatException or FileLoadException)
            {
                throw new ExtensionLoadException($"{Setting}: cannot load {candidate}: {e.Message}");
            }
        }
        return new DiracXExtension(path, context, assemblies);
    }

    /// <summary>
    /// Whether a file of an extension's folder may be one of its assemblies: not DiracX's own (a published extension
    /// folder holds copies of DiracX's assemblies, which the host does not take from it) nor another the host has.
    /// </summary>
    private static bool IsExtensionAssemblyName(string name) =>
        !name.StartsWith("DiracX.", StringComparison.OrdinalIgnoreCase) && !name.Equals("dirac", StringComparison.OrdinalIgnoreCase)
        && !HostAssemblies.Contains(name);

    /// <summary>The version of DiracX.Core that an assembly references, or null (not an assembly, or not built against DiracX).</summary>
    internal static Version? ReferencedCoreVersion(string assemblyPath)
    {
        try
        {
            using var stream = File.OpenRead(assemblyPath);
            using var pe = new PEReader(stream);
            if (!pe.HasMetadata)
            {
                return null;
            }
            var metadata = pe.GetMetadataReader();
            if (!metadata.IsAssembly)
            {
                return null;
            }
            foreach (var handle in metadata.AssemblyReferences)
            {
                var reference = metadata.GetAssemblyReference(handle);
                if (metadata.StringComparer.Equals(reference.Name, CoreAssemblyName))
                {
                    return reference.Version;
                }
            }
            return null;
        }
        catch (BadImageFormatException)
        {
            return null;
        }
    }

    private static Version Trim(Version version) => new(version.Major, version.Minor, Math.Max(version.Build, 0));

    /// <summary>The simple names of the assemblies the host can load itself (its deps.json and the shared frameworks).</summary>
    internal static HashSet<string> HostAssemblies { get; } = ReadHostAssemblies();

    private static HashSet<string> ReadHostAssemblies()
    {
        var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") is string tpa)
        {
            foreach (var file in tpa.Split(System.IO.Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            {
                names.Add(System.IO.Path.GetFileNameWithoutExtension(file));
            }
        }
        foreach (var assembly in AssemblyLoadContext.Default.Assemblies)
        {
            if (assembly.GetName().Name is { } name)
            {
                names.Add(name);
            }
        }
        return names;
    }
}

/// <summary>A loaded extension: its assemblies, in their own load context.</summary>
public sealed class DiracXExtension
{
    internal DiracXExtension(string path, AssemblyLoadContext loadContext, IReadOnlyList<Assembly> assemblies)
    {
        Path = path;
        LoadContext = loadContext;
        Assemblies = assemblies;
    }

    /// <summary>The assembly or folder the extension was loaded from.</summary>
    public string Path { get; }

    /// <summary>The load context of the extension's assemblies and private dependencies.</summary>
    public AssemblyLoadContext LoadContext { get; }

    /// <summary>The extension's assemblies (those built against DiracX).</summary>
    public IReadOnlyList<Assembly> Assemblies { get; }

    /// <summary>
    /// New instances of the modules the extension declares for <paramref name="host"/>, in declaration order (by
    /// assembly name, then attribute order); every public module type when no assembly declares any.
    /// </summary>
    public IReadOnlyList<IDiracXModule> CreateModules(string host)
    {
        var declared = new List<DiracXExtensionModuleAttribute>();
        foreach (var assembly in Assemblies)
        {
            try
            {
                declared.AddRange(assembly.GetCustomAttributes<DiracXExtensionModuleAttribute>());
            }
            catch (Exception e) when (e is TypeLoadException or FileNotFoundException or FileLoadException)
            {
                throw new ExtensionLoadException($"{ExtensionLoader.Setting}: cannot read the modules of {assembly.GetName().Name}: {e.Message}");
            }
        }
        var types = declared.Count > 0
            ? declared.Where(d => d.Hosts.Count == 0 || d.Hosts.Contains(host, StringComparer.OrdinalIgnoreCase)).Select(d => d.ModuleType)
            : Assemblies.SelectMany(ModuleTypes);
        return [.. types.Select(Create)];
    }

    private static IEnumerable<Type> ModuleTypes(Assembly assembly)
    {
        try
        {
            return assembly.GetExportedTypes()
                .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IDiracXModule).IsAssignableFrom(t) && t.GetConstructor(Type.EmptyTypes) is not null);
        }
        catch (Exception e) when (e is TypeLoadException or FileNotFoundException or FileLoadException or ReflectionTypeLoadException)
        {
            throw new ExtensionLoadException($"{ExtensionLoader.Setting}: cannot read the modules of {assembly.GetName().Name}: {e.Message}");
        }
    }

    private static IDiracXModule Create(Type type)
    {
        if (!typeof(IDiracXModule).IsAssignableFrom(type) || type.IsAbstract || type.GetConstructor(Type.EmptyTypes) is null)
        {
            throw new ExtensionLoadException(
                $"{ExtensionLoader.Setting}: {type.FullName} is not a module (a public class implementing IDiracXModule with a parameterless constructor)");
        }
        try
        {
            return (IDiracXModule)Activator.CreateInstance(type)!;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw new ExtensionLoadException($"{ExtensionLoader.Setting}: cannot create the module {type.FullName}: {e.InnerException.Message}");
        }
    }
}

/// <summary>An extension that cannot be loaded; the message is one line naming <see cref="ExtensionLoader.Setting"/>.</summary>
public sealed class ExtensionLoadException(string message) : Exception(message);

/// <summary>
/// The extension's load context: an assembly the host has comes from the host (one type identity); anything else from
/// the extension's folder, through its deps.json (private dependencies, their native libraries).
/// </summary>
internal sealed class ExtensionLoadContext : AssemblyLoadContext
{
    private readonly string _folder;
    private readonly List<AssemblyDependencyResolver> _resolvers = [];

    public ExtensionLoadContext(string name, string folder, IEnumerable<string> mainAssemblies) : base("DiracX extension " + name)
    {
        _folder = folder;
        foreach (var main in mainAssemblies)
        {
            _resolvers.Add(new AssemblyDependencyResolver(main));
        }
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (assemblyName.Name is { } name && ExtensionLoader.HostAssemblies.Contains(name))
        {
            try
            {
                return Default.LoadFromAssemblyName(assemblyName);
            }
            catch (Exception e) when (e is FileNotFoundException or FileLoadException)
            {
                // The extension needs a newer version than the host's: its own copy, if it ships one.
            }
        }
        foreach (var resolver in _resolvers)
        {
            if (resolver.ResolveAssemblyToPath(assemblyName) is { } path)
            {
                return LoadFromAssemblyPath(path);
            }
        }
        var local = System.IO.Path.Combine(_folder, assemblyName.Name + ".dll");
        return File.Exists(local) ? LoadFromAssemblyPath(local) : null;
    }

    /// <summary>An assembly of the extension (or one of its private dependencies) that the default context was asked for.</summary>
    public Assembly? ResolveForHost(AssemblyName assemblyName)
    {
        if (assemblyName.Name is not { } name || ExtensionLoader.HostAssemblies.Contains(name))
        {
            return null;
        }
        if (Assemblies.FirstOrDefault(a => string.Equals(a.GetName().Name, name, StringComparison.OrdinalIgnoreCase)) is { } loaded)
        {
            return loaded;
        }
        return _resolvers.Any(r => r.ResolveAssemblyToPath(assemblyName) is not null) || File.Exists(System.IO.Path.Combine(_folder, name + ".dll"))
            ? LoadFromAssemblyName(assemblyName)
            : null;
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        foreach (var resolver in _resolvers)
        {
            if (resolver.ResolveUnmanagedDllToPath(unmanagedDllName) is { } path)
            {
                return LoadUnmanagedDllFromPath(path);
            }
        }
        return IntPtr.Zero;
    }
}
