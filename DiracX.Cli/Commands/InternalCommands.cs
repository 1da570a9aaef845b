using System.CommandLine;
using DiracX.Api.Configuration;
using DiracX.Core.Configuration;

namespace DiracX.Cli.Commands;

/// <summary><c>dirac internal ...</c>: configuration repository management (DiracX's <c>cli/internal</c>).</summary>
internal static class InternalCommands
{
    public static Command Create(CliEnvironment environment)
    {
        var command = new Command("internal", "Administration of configuration repositories (no server needed).") { Hidden = true };
        var repo = () => new Argument<string>("config-repo") { Description = "The repository: a git+file:// URL or a path." };
        var manager = new ConfigRepositoryManager(new ConfigSchema());

        var generateRepo = repo();
        var generate = CommandBuilder.Create(environment, "generate-cs", "Create a configuration repository with a minimal default.yml.",
            ["dirac internal generate-cs git+file:///tmp/cs"]);
        generate.Arguments.Add(generateRepo);
        CommandBuilder.SetAction(generate, environment, async (context, ct) =>
        {
            var url = context.Parse.GetValue(generateRepo)!;
            await manager.GenerateConfigRepositoryAsync(url, ct);
            context.WriteLine($"Successfully created repo in {url}");
            return ExitCodes.Success;
        });
        command.Subcommands.Add(generate);

        var addVoRepo = repo();
        var vo = new Option<string>("--vo") { Description = "The VO.", Required = true };
        var idpUrl = new Option<string>("--idp-url") { Description = "The VO's identity provider.", Required = true };
        var idpClientId = new Option<string>("--idp-client-id") { Description = "DiracX's client id at the identity provider.", Required = true };
        var defaultGroup = new Option<string>("--default-group") { Description = "The default group (NormalUser).", DefaultValueFactory = _ => "user" };
        var addVo = CommandBuilder.Create(environment, "add-vo", "Add a VO with its identity provider and default group.",
            ["dirac internal add-vo git+file:///tmp/cs --vo lhcb --idp-url https://idp.example.org --idp-client-id diracx"]);
        addVo.Arguments.Add(addVoRepo);
        addVo.Options.Add(vo);
        addVo.Options.Add(idpUrl);
        addVo.Options.Add(idpClientId);
        addVo.Options.Add(defaultGroup);
        CommandBuilder.SetAction(addVo, environment, async (context, ct) =>
        {
            var p = context.Parse;
            await manager.AddVoAsync(p.GetValue(addVoRepo)!, p.GetValue(vo)!, p.GetValue(idpUrl)!, p.GetValue(idpClientId)!, p.GetValue(defaultGroup)!, ct);
            context.WriteLine($"Successfully added vo to {p.GetValue(addVoRepo)}");
            return ExitCodes.Success;
        });
        command.Subcommands.Add(addVo);

        var addGroupRepo = repo();
        var groupVo = new Option<string>("--vo") { Description = "The VO.", Required = true };
        var group = new Option<string>("--group") { Description = "The group.", Required = true };
        var properties = new Option<string[]>("--properties") { Description = "Properties of the group (repeatable; default NormalUser)." };
        var addGroup = CommandBuilder.Create(environment, "add-group", "Add a group to a VO.",
            ["dirac internal add-group git+file:///tmp/cs --vo lhcb --group admin --properties JobAdministrator"]);
        addGroup.Arguments.Add(addGroupRepo);
        addGroup.Options.Add(groupVo);
        addGroup.Options.Add(group);
        addGroup.Options.Add(properties);
        CommandBuilder.SetAction(addGroup, environment, async (context, ct) =>
        {
            var p = context.Parse;
            await manager.AddGroupAsync(p.GetValue(addGroupRepo)!, p.GetValue(groupVo)!, p.GetValue(group)!, p.GetValue(properties), ct);
            context.WriteLine($"Successfully added group to {p.GetValue(addGroupRepo)}");
            return ExitCodes.Success;
        });
        command.Subcommands.Add(addGroup);

        var addUserRepo = repo();
        var userVo = new Option<string>("--vo") { Description = "The VO.", Required = true };
        var sub = new Option<string>("--sub") { Description = "The user's subject at the identity provider.", Required = true };
        var username = new Option<string>("--preferred-username") { Description = "The user's name.", Required = true };
        var groups = new Option<string[]>("--group") { Description = "A group to join (repeatable; default: the VO's default group)." };
        var addUser = CommandBuilder.Create(environment, "add-user", "Add a user to a VO and its groups.",
            ["dirac internal add-user git+file:///tmp/cs --vo lhcb --sub 1234 --preferred-username chaen --group admin"]);
        addUser.Arguments.Add(addUserRepo);
        addUser.Options.Add(userVo);
        addUser.Options.Add(sub);
        addUser.Options.Add(username);
        addUser.Options.Add(groups);
        CommandBuilder.SetAction(addUser, environment, async (context, ct) =>
        {
            var p = context.Parse;
            await manager.AddUserAsync(p.GetValue(addUserRepo)!, p.GetValue(userVo)!, p.GetValue(sub)!, p.GetValue(username)!, p.GetValue(groups), ct);
            context.WriteLine($"Successfully added user to {p.GetValue(addUserRepo)}");
            return ExitCodes.Success;
        });
        command.Subcommands.Add(addUser);

        var legacy = new Command("legacy", "Conversion from DIRAC's configuration.");
        var oldFile = new Argument<string>("old-file") { Description = "The DIRAC CS (.cfg)." };
        var newFile = new Argument<string>("new-file") { Description = "The YAML to write." };
        var csSync = CommandBuilder.Create(environment, "cs-sync",
            "Convert a DIRAC CS to DiracX's YAML (needs DIRAC_COMPAT_ENABLE_CS_CONVERSION).", ["DIRAC_COMPAT_ENABLE_CS_CONVERSION=1 dirac internal legacy cs-sync dirac.cfg default.yml"]);
        csSync.Arguments.Add(oldFile);
        csSync.Arguments.Add(newFile);
        CommandBuilder.SetAction(csSync, environment, async (context, ct) =>
        {
            if (!environment.Variables.TryGetValue("DIRAC_COMPAT_ENABLE_CS_CONVERSION", out var enabled) || string.IsNullOrEmpty(enabled))
            {
                throw new InvalidOperationException("DIRAC_COMPAT_ENABLE_CS_CONVERSION must be set for the conversion to be possible");
            }
            var result = await LegacyCsConverter.ConvertFileAsync(context.Parse.GetValue(oldFile)!, context.Parse.GetValue(newFile)!, new ConfigSchema(), ct);
            foreach (var warning in result.Warnings)
            {
                context.Environment.Error.WriteLine(warning);
            }
            return ExitCodes.Success;
        });
        legacy.Subcommands.Add(csSync);
        command.Subcommands.Add(legacy);
        return command;
    }
}
