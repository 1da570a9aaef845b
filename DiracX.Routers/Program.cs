using DiracX.Routers.Hosting;

var builder = DiracXRouters.CreateBuilder(args, DiracXModules.BuiltIn);
var app = builder.BuildDiracX();
app.Run();
