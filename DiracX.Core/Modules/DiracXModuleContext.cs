using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace DiracX.Core.Modules;

/// <summary>What a module sees while it registers: the host's services, configuration and registries.</summary>
public sealed class DiracXModuleContext(IServiceCollection services, IConfiguration configuration, DiracXRegistries registries)
{
    /// <summary>The host's service collection (for the module's own services).</summary>
    public IServiceCollection Services { get; } = services;

    /// <summary>The host's configuration.</summary>
    public IConfiguration Configuration { get; } = configuration;

    /// <summary>The module currently registering; set by the host.</summary>
    public IDiracXModule Module { get; internal set; } = null!;

    /// <summary>The registry of the given type, shared by every module of this host (created on first use).</summary>
    public T Registry<T>() where T : class, new() => registries.Get<T>();
}

/// <summary>The registries of one host, by type.</summary>
public sealed class DiracXRegistries
{
    private readonly Dictionary<Type, object> _registries = [];
    private readonly List<IDiracXModule> _modules = [];

    /// <summary>The modules registered in this host, in order.</summary>
    public IReadOnlyList<IDiracXModule> Modules => _modules;

    /// <summary>The registry of the given type, created on first use.</summary>
    public T Get<T>() where T : class, new()
    {
        if (!_registries.TryGetValue(typeof(T), out var registry))
        {
            registry = new T();
            _registries[typeof(T)] = registry;
        }
        return (T)registry;
    }

    /// <summary>Calls every module's <see cref="IDiracXModule.Register"/> in order.</summary>
    public void RegisterAll(IEnumerable<IDiracXModule> modules, IServiceCollection services, IConfiguration configuration)
    {
        var context = new DiracXModuleContext(services, configuration, this);
        foreach (var module in modules)
        {
            context.Module = module;
            _modules.Add(module);
            module.Register(context);
        }
    }
}
