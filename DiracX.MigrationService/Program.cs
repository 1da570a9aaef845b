using DiracX.Db;
using DiracX.MigrationService;

return await MigrationRunner.RunAsync(args, DbModules.BuiltIn, CancellationToken.None);
