using DiracX.Core.Modules;
using DiracX.Core.Settings;
using DiracX.Logic.Tasks;
using DiracX.Tasks;

if (TaskCommand.IsCommand(args))
{
    return await TaskCommand.RunAsync(args, ExtensionLoader.WithExtension(DiracXHosts.Tasks, TaskModules.BuiltIn), Console.Out, Console.Error);
}

// A start-up failure (a missing or unusable setting) is one line on stderr and exit code 1.
return await StartupFailure.RunAsync("DiracX.Tasks", async () =>
{
    var host = TasksHost.CreateBuilder(args, ExtensionLoader.WithExtension(DiracXHosts.Tasks, TaskModules.BuiltIn)).Build();
    await host.RunAsync();
    return 0;
});
