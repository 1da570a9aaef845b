using DiracX.DevIdp;

var app = DevIdpServer.Build(args);
app.Run();
