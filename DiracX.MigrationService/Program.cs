using DiracX.Core.Modules;
using DiracX.Db;
using DiracX.MigrationService;

// A failure (a missing connection string, an unreachable server, a missing privilege) is one line on stderr and exit 1.
return await StartupFailure.RunAsync("DiracX.MigrationService", () => MigrationRunner.RunAsync(args, ExtensionLoader.WithExtension(DiracXHosts.Migrations, DbModules.BuiltIn), CancellationToken.None));
