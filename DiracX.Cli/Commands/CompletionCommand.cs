using System.CommandLine;

namespace DiracX.Cli.Commands;

/// <summary><c>dirac completion bash|zsh|fish</c>: prints a script that asks <c>dirac "[suggest:N]"</c> for completions.</summary>
internal static class CompletionCommand
{
    public const string Bash = """
        _dirac_complete() {
          local line="${COMP_LINE#* }"
          local pos=$(( COMP_POINT - (${#COMP_LINE} - ${#line}) ))
          local IFS=$'\n'
          COMPREPLY=( $(dirac "[suggest:${pos}]" "${line}" 2>/dev/null) )
        }
        complete -F _dirac_complete dirac
        """;

    public const string Zsh = """
        #compdef dirac
        _dirac() {
          local line="${BUFFER#* }"
          local pos=$(( CURSOR - (${#BUFFER} - ${#line}) ))
          local -a completions
          completions=("${(@f)$(dirac "[suggest:${pos}]" "${line}" 2>/dev/null)}")
          compadd -- "${completions[@]}"
        }
        compdef _dirac dirac
        """;

    public const string Fish = """
        function __dirac_complete
            set -l line (commandline -cp | string replace -r '^\S+\s*' '')
            dirac "[suggest:"(string length -- "$line")"]" "$line" 2>/dev/null
        end
        complete -c dirac -f -a '(__dirac_complete)'
        """;

    public static Command Create(CliEnvironment environment)
    {
        var shell = new Argument<string>("shell") { Description = "bash, zsh or fish." };
        shell.AcceptOnlyFromAmong("bash", "zsh", "fish");
        var command = CommandBuilder.Create(environment, "completion", "Print the shell completion script.",
            ["source <(dirac completion bash)        # in ~/.bashrc", "dirac completion zsh > \"${fpath[1]}/_dirac\"",
             "dirac completion fish > ~/.config/fish/completions/dirac.fish"]);
        command.Arguments.Add(shell);
        CommandBuilder.SetAction(command, environment, (context, _) =>
        {
            environment.Out.WriteLine(context.Parse.GetValue(shell) switch
            {
                "bash" => Bash,
                "zsh" => Zsh,
                _ => Fish,
            });
            return Task.FromResult(ExitCodes.Success);
        });
        return command;
    }
}
