using DiracX.Core.Modules;
using DiracX.Db.Infrastructure;

namespace DiracX.Db.Auth;

/// <summary>
/// The database of DiracX's auth system: AuthDB and its service <see cref="AuthDb"/>. An extension replaces the service
/// by registering its subclass for the same type after this module.
/// </summary>
public sealed class AuthDbModule : IDiracXModule
{
    /// <inheritdoc />
    public string Name => "auth";

    /// <inheritdoc />
    public void Register(DiracXModuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Registry<DatabaseRegistry>()
            .AddContext<AuthDbContext>(DbNames.AuthDb)
            .AddService<AuthDb>();
    }
}
