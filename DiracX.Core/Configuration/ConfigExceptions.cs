using DiracX.Core.Errors;

namespace DiracX.Core.Configuration;

/// <summary>The base of the configuration errors.</summary>
public class ConfigException : DiracException
{
    /// <summary>Creates the error.</summary>
    public ConfigException(string message, Exception? innerException = null, DiracErrorKind kind = DiracErrorKind.BadRequest)
        : base(message, kind, innerException)
    {
    }
}

/// <summary>
/// The configuration is not available: nothing has been loaded yet, or the last successful load is older than the
/// hard TTL. The HTTP layer answers 503 with <c>Retry-After: 10</c> (DiracX <c>NotReadyError</c>).
/// </summary>
public sealed class ConfigNotReadyException(string message, Exception? innerException = null)
    : ConfigException(message, innerException, DiracErrorKind.Unavailable);

/// <summary>The configuration does not validate; <see cref="Problems"/> lists every problem as <c>path: message</c>.</summary>
public sealed class ConfigValidationException : ConfigException
{
    /// <summary>Creates the error from the problems found.</summary>
    public ConfigValidationException(IReadOnlyList<string> problems)
        : base($"Invalid configuration ({problems.Count} problem{(problems.Count == 1 ? "" : "s")}):{Environment.NewLine}"
            + string.Join(Environment.NewLine, problems))
    {
        Problems = problems;
    }

    /// <summary>Every problem, e.g. <c>Registry.lhcb.Groups.lhcb_user.Users: 'abc' is not a user of VO lhcb</c>.</summary>
    public IReadOnlyList<string> Problems { get; }
}

/// <summary>The configuration source (a git repository) cannot be read.</summary>
public sealed class ConfigSourceException(string message, Exception? innerException = null)
    : ConfigException(message, innerException);
