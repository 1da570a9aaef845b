// The DiracX metapackage carries no code: it depends on DiracX.Client, DiracX.Api and DiracX.Cli.
