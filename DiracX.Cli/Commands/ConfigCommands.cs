using System.CommandLine;
using DiracX.Api.Configuration;
using DiracX.Core.Configuration;

namespace DiracX.Cli.Commands;

/// <summary><c>dirac config dump</c> (DiracX) and <c>dirac config validate</c> (ours).</summary>
internal static class ConfigCommands
{
    public static Command Create(CliEnvironment environment)
    {
        var config = new Command("config", "The DiracX configuration.");
        config.Subcommands.Add(CommandBuilder.Create(environment, "dump", "Print the configuration the server serves (GET /api/config).",
            ["dirac config dump", "dirac config dump --output json > config.json"], async (context, ct) =>
            {
                context.WriteJson(await context.Api.GetConfigAsync(ct));
                return ExitCodes.Success;
            }));
        var source = new Argument<string>("file-or-repo") { Description = "A default.yml file, a repository folder, or a git+file:// / git+https:// URL." };
        var validate = CommandBuilder.Create(environment, "validate",
            "Check a configuration before deploying it (ours; runs locally with the schema of DiracX, no server needed).",
            ["dirac config validate default.yml", "dirac config validate git+file:///srv/diracx-config"]);
        validate.Arguments.Add(source);
        CommandBuilder.SetAction(validate, environment, async (context, ct) =>
        {
            var problems = await ConfigValidator.ValidateAsync(context.Parse.GetValue(source)!, new ConfigSchema(), ct);
            foreach (var problem in problems)
            {
                context.WriteLine(problem);
            }
            if (problems.Count == 0)
            {
                context.WriteLine("The configuration is valid.");
            }
            return problems.Count == 0 ? ExitCodes.Success : ExitCodes.Failure;
        });
        config.Subcommands.Add(validate);
        return config;
    }
}
