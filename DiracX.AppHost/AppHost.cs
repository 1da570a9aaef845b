var builder = DistributedApplication.CreateBuilder(args);

builder.AddProject<Projects.DiracX_Routers>("routers");

builder.Build().Run();
