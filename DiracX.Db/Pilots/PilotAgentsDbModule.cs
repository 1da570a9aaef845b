using DiracX.Core.Modules;
using DiracX.Db.Infrastructure;

namespace DiracX.Db.Pilots;

/// <summary>
/// The database of DiracX's pilots system: PilotAgentsDB and its service <see cref="PilotAgentsDb"/>. The jobs module
/// registers it too, as job search reads the pilots' jobs (its PilotStamp filter).
/// </summary>
public sealed class PilotAgentsDbModule : IDiracXModule
{
    /// <inheritdoc />
    public string Name => "pilots";

    /// <inheritdoc />
    public void Register(DiracXModuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Registry<DatabaseRegistry>()
            .AddContext<PilotAgentsDbContext>(DbNames.PilotAgentsDb)
            .AddService<PilotAgentsDb>();
    }
}
