namespace DiracX.Cli;

/// <summary>The exit codes of <c>dirac</c>.</summary>
public static class ExitCodes
{
    /// <summary>The command succeeded.</summary>
    public const int Success = 0;

    /// <summary>The command failed: invalid arguments, or the server refused the request (its detail is printed).</summary>
    public const int Failure = 1;

    /// <summary>Not authenticated (no credentials, or they expired): run <c>dirac login</c>.</summary>
    public const int NotAuthenticated = 2;

    /// <summary>No server configured (<c>DIRACX_URL</c>) or the server could not be reached.</summary>
    public const int Unreachable = 3;

    /// <summary>The command line as printed in <c>dirac --help</c>.</summary>
    public const string Description = """
        Exit codes:
          0  success
          1  failure (invalid arguments, or the server refused: its detail is printed)
          2  not authenticated: run dirac login
          3  no DiracX server configured (DIRACX_URL) or it could not be reached
        """;
}
