using DiracX.Core.Modules;
using DiracX.Core.Settings;
using DiracX.Logic.Tasks;
using DiracX.Tasks;

// A start-up failure (a missing or unusable setting, an extension that cannot be loaded) is one line on stderr and
// exit code 1, for the commands (call, submit, list) as for the worker.
return await StartupFailure.RunAsync("DiracX.Tasks", async () =>
{
    var modules = ExtensionLoader.WithExtension(DiracXHosts.Tasks, TaskModules.BuiltIn);
    if (TaskCommand.IsCommand(args))
    {
        return await TaskCommand.RunAsync(args, modules, Console.Out, Console.Error);
    }
    var host = TasksHost.CreateBuilder(args, modules).Build();
    await host.RunAsync();
    return 0;
});
