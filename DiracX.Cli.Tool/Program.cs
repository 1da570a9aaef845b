return await DiracX.Cli.DiracCli.RunAsync(args);
