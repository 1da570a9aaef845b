using DiracX.Routers.Infrastructure.Hosting;

if (AdminCommand.IsAdminCommand(args))
{
    return await AdminCommand.RunAsync(args, Console.Out, Console.Error, TimeProvider.System, CancellationToken.None);
}

var builder = DiracXRouters.CreateBuilder(args, DiracXModules.BuiltIn);
var app = builder.BuildDiracX();
await app.RunAsync();
return 0;
