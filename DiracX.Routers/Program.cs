using DiracX.Core.Modules;
using DiracX.Routers.Infrastructure.Hosting;

if (AdminCommand.IsAdminCommand(args))
{
    return await AdminCommand.RunAsync(args, Console.Out, Console.Error, TimeProvider.System, CancellationToken.None);
}

// A start-up failure (a missing or unusable setting) is one line on stderr and exit code 1.
return await StartupFailure.RunAsync("DiracX.Routers", async () =>
{
    var builder = DiracXRouters.CreateBuilder(args, ExtensionLoader.WithExtension(DiracXHosts.Routers, DiracXModules.BuiltIn));
    var app = builder.BuildDiracX();
    await app.RunAsync();
    return 0;
});
