using System.CommandLine;
using DiracX.Cli;
using DiracX.Cli.Commands;
using DiracX.Core.Modules;
using Gubbins.Cli;
using Gubbins.Client.Generated;

// dirac loads this module when DIRACX_EXTENSIONS names Gubbins.
[assembly: DiracXExtensionModule(typeof(GubbinsCliModule), DiracXHosts.Cli)]

namespace Gubbins.Cli;

/// <summary><c>dirac lollygag {hello,get-owners,sensei}</c> (DiracX's gubbins-cli).</summary>
public sealed class GubbinsCliModule : IDiracXModule
{
    public string Name => "lollygag";

    public void Register(DiracXModuleContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Registry<CliCommandRegistry>().Add(Create);
    }

    private static Command Create(CliEnvironment environment)
    {
        var lollygag = new Command("lollygag", "Gubbins' owners and cars.");
        lollygag.Subcommands.Add(CommandBuilder.Create(environment, "hello", "Say hello (needs no server).", ["dirac lollygag hello"],
            (context, _) =>
            {
                context.Environment.Out.WriteLine("Baby, I can see your halo");
                return Task.FromResult(0);
            }));
        lollygag.Subcommands.Add(CommandBuilder.Create(environment, "get-owners", "List the owners.", ["dirac lollygag get-owners"],
            async (context, ct) =>
            {
                context.WriteJson(await new LollygagClient(context.Client.Http).Get_ownersAsync(ct));
                return 0;
            }));
        lollygag.Subcommands.Add(CommandBuilder.Create(environment, "sensei", "Ask the sensei (needs GubbinsSensei).", ["dirac lollygag sensei"],
            async (context, ct) =>
            {
                context.Environment.Out.WriteLine(await new LollygagClient(context.Client.Http).SenseiAsync(ct));
                return 0;
            }));
        return lollygag;
    }
}
