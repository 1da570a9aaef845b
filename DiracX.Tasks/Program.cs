using DiracX.Core.Settings;

// A start-up failure (a missing or unusable setting) is one line on stderr and exit code 1.
return await StartupFailure.RunAsync("DiracX.Tasks", async () =>
{
    var builder = Host.CreateApplicationBuilder(args);
    builder.Configuration.AddDiracXEnvironmentAliases();
    builder.AddServiceDefaults();

    var host = builder.Build();
    await host.RunAsync();
    return 0;
});
