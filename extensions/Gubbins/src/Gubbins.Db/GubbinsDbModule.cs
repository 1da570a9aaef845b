using DiracX.Core.Modules;
using DiracX.Db.Infrastructure;
using DiracX.Db.Jobs;
using Gubbins.Core;
using Gubbins.Db;

// The migration service migrates the contexts this module registers (after DiracX's, so JobDB's Jobs table exists).
[assembly: DiracXExtensionModule(typeof(GubbinsDbModule), DiracXHosts.Migrations)]

namespace Gubbins.Db;

/// <summary>Gubbins' databases: LollygagDB, the GubbinsInfo table in JobDB, and GubbinsJobDb in place of JobDb.</summary>
public sealed class GubbinsDbModule : IDiracXModule
{
    public string Name => "gubbins-db";

    public void Register(DiracXModuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Registry<DatabaseRegistry>()
            .AddContext<LollygagDbContext>(GubbinsDbNames.LollygagDb)
            .AddContext<GubbinsJobDbContext>(DbNames.JobDb, GubbinsDbNames.GubbinsJobDbSchema)
            .AddService<JobDb, GubbinsJobDb>()
            .AddService<GubbinsJobDb>();
    }
}
