namespace DiracX.Db.Infrastructure;

/// <summary>One DbContext of a module: which DiracX database it belongs to, and its schema (the database name by default).</summary>
public sealed record DatabaseRegistration(string DbName, Type ContextType, string? Schema = null)
{
    /// <summary>The schema of the context's tables and migrations-history table.</summary>
    public string SchemaName => Schema ?? DbName;
}

/// <summary>
/// Every DbContext that the modules of a host contribute, and the database services that routes and tasks receive.
/// Databases are keyed by name: an extension registering a service for a name already taken replaces it, so every
/// route asking for the base type receives the extension's implementation.
/// </summary>
public sealed class DatabaseRegistry
{
    private readonly List<DatabaseRegistration> _contexts = [];
    private readonly Dictionary<Type, Type> _services = [];

    /// <summary>The registered contexts, in registration order.</summary>
    public IReadOnlyList<DatabaseRegistration> Contexts => _contexts;

    /// <summary>Database services by the type routes ask for, mapped to the type they receive.</summary>
    public IReadOnlyDictionary<Type, Type> Services => _services;

    /// <summary>The DiracX databases that at least one context uses.</summary>
    public IEnumerable<string> DbNames => _contexts.Select(c => c.DbName).Distinct(StringComparer.Ordinal);

    /// <summary>Adds a DbContext of a database (an extension adds its own context for its extra tables).</summary>
    public DatabaseRegistry AddContext<TContext>(string dbName, string? schema = null) where TContext : DiracXDbContext
    {
        _contexts.RemoveAll(c => c.ContextType == typeof(TContext));
        _contexts.Add(new DatabaseRegistration(dbName, typeof(TContext), schema));
        return this;
    }

    /// <summary>Registers (or replaces) the service that routes receive when they ask for <typeparamref name="TService"/>.</summary>
    public DatabaseRegistry AddService<TService, TImplementation>()
        where TService : class where TImplementation : class, TService
    {
        _services[typeof(TService)] = typeof(TImplementation);
        return this;
    }

    /// <summary>Registers (or replaces) a database service that routes ask for by its own type.</summary>
    public DatabaseRegistry AddService<TService>() where TService : class => AddService<TService, TService>();
}
