using DiracX.Core.Errors;

namespace DiracX.Core.Jdl;

/// <summary>
/// Base type of every error raised while reading, expanding or checking a JDL. It is a
/// <see cref="DiracException"/> of kind <see cref="DiracErrorKind.BadRequest"/>: DiracX answers 400 to any JDL problem.
/// </summary>
public abstract class JdlException : DiracException
{
    /// <summary>Creates the exception with its user-facing message.</summary>
    protected JdlException(string message)
        : base(message, DiracErrorKind.BadRequest)
    {
    }
}

/// <summary>The JDL text is not well formed. Carries the 1-based position of the problem.</summary>
public sealed class JdlSyntaxException : JdlException
{
    /// <summary>Creates the exception for a problem at <paramref name="line"/>, <paramref name="column"/>.</summary>
    public JdlSyntaxException(int line, int column, string reason)
        : base($"JDL syntax error at line {line}, column {column}: {reason}")
    {
        Line = line;
        Column = column;
        Reason = reason;
    }

    /// <summary>1-based line of the problem.</summary>
    public int Line { get; }

    /// <summary>1-based column (in UTF-16 code units) of the problem.</summary>
    public int Column { get; }

    /// <summary>What was wrong, without the position prefix (e.g. <c>expected ';'</c>).</summary>
    public string Reason { get; }
}

/// <summary>
/// The JDL is well formed but breaks a job description rule (DIRAC's JobManifest, parametric job or
/// checkAndPrepareJob rules). The message is DIRAC's wherever DIRAC has one.
/// </summary>
public class JdlValidationException : JdlException
{
    /// <summary>Creates the exception with DIRAC's message for the violated rule.</summary>
    public JdlValidationException(string message)
        : base(message)
    {
    }
}

/// <summary>A parametric JDL expands to more jobs than the caller allows.</summary>
public sealed class JdlTooManyJobsException : JdlValidationException
{
    /// <summary>Creates the exception with DiracX's message for the limit <paramref name="maxJobs"/>.</summary>
    public JdlTooManyJobsException(int maxJobs)
        : base($"Normal user cannot submit more than {maxJobs} jobs at once")
    {
        MaxJobs = maxJobs;
    }

    /// <summary>The limit that was exceeded.</summary>
    public int MaxJobs { get; }
}
