using DiracX.Client.Generated;

namespace DiracX.Api.Jobs;

/// <summary>
/// A submission sent in several requests failed after earlier requests had created jobs: <see cref="Inserted"/> are
/// the jobs that exist, <see cref="Exception.InnerException"/> is why the next request failed (the JDLs after it were
/// not sent).
/// </summary>
public sealed class PartialSubmissionException : Exception
{
    /// <summary>Creates the exception for the jobs created before <paramref name="innerException"/>.</summary>
    public PartialSubmissionException(IReadOnlyList<InsertedJob> inserted, Exception innerException)
        : base($"{inserted?.Count ?? 0} jobs were created before a request failed: {innerException?.Message}", innerException)
    {
        ArgumentNullException.ThrowIfNull(inserted);
        Inserted = [.. inserted];
    }

    /// <summary>The jobs created before the failure.</summary>
    public IReadOnlyList<InsertedJob> Inserted { get; }
}
