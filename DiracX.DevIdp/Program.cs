var builder = WebApplication.CreateBuilder(args);
var app = builder.Build();
app.MapGet("/", () => "DiracX development identity provider");
app.Run();
