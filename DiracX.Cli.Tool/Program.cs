using DiracX.Core.Modules;

// An experiment's extension (DIRACX_EXTENSIONS) adds or replaces commands; one that cannot be loaded is one line, exit 1.
IReadOnlyList<IDiracXModule> modules;
try
{
    modules = ExtensionLoader.WithExtension(DiracXHosts.Cli, []);
}
catch (ExtensionLoadException e)
{
    await Console.Error.WriteLineAsync($"dirac: cannot start: {e.Message}");
    return 1;
}
return await DiracX.Cli.DiracCli.RunAsync(args, modules: modules);
