using DiracX.Core.Errors;
using DiracX.Db.Jobs;

namespace DiracX.Logic.Jobs;

/// <summary>
/// The jobs a caller may change: those of one owner in one VO, every id naming one of them (a user), or any job of one
/// VO, ids that name no job passing so that the logic reports them per job (a pilot). A JobAdministrator has no scope.
/// Logic that locks the jobs' rows anyway checks the scope on those rows, instead of reading the same rows once more
/// for the access policy.
/// </summary>
/// <param name="VO">The VO the jobs must belong to.</param>
/// <param name="Owner">The owner the jobs must have, or null for any owner of <paramref name="VO"/>.</param>
public sealed record JobWriteScope(string VO, string? Owner)
{
    /// <summary>Whether jobs found with these owners (counted) may all be changed, <paramref name="requested"/> distinct ids having been asked for.</summary>
    public bool Allows(IEnumerable<JobOwnership> found, int requested)
    {
        ArgumentNullException.ThrowIfNull(found);
        long count = 0;
        foreach (var job in found)
        {
            if (job.VO != VO || (Owner is not null && job.Owner != Owner))
            {
                return false;
            }
            count += job.Count;
        }
        // An owner's request must name jobs, all of them theirs: DiracX answers an empty list 403 too.
        return Owner is null || (count == requested && requested > 0);
    }

    /// <summary>Throws 403 "Forbidden" unless the locked rows of the <paramref name="requested"/> distinct ids are in the scope.</summary>
    /// <exception cref="ForbiddenException">A job is outside the scope, or (for an owner) an id names no job.</exception>
    public void Require(IEnumerable<JobStatusRow> rows, int requested)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (!Allows(rows.Select(r => new JobOwnership(r.Owner, r.VO, 1)), requested))
        {
            throw new ForbiddenException("Forbidden");
        }
    }
}
