using DiracX.Core.Errors;
using DiracX.Db.Jobs;

namespace DiracX.Logic.Jobs;

/// <summary>
/// Refuses values longer than their JobDB column with a 422 naming the field, where DiracX's database would fail the request with a
/// 500. Lengths count characters (code points), as PostgreSQL's <c>varchar(n)</c> does.
/// </summary>
internal static class JobColumnChecks
{
    public static void Check(IEnumerable<NewJob> jobs)
    {
        foreach (var job in jobs)
        {
            Fits("JobName", job.JobName, JobColumnLengths.Name);
            Fits("JobGroup", job.JobGroup, JobColumnLengths.Code);
            Fits("JobType", job.JobType, JobColumnLengths.Code);
            Fits("Site", job.Site, JobColumnLengths.Site);
            Fits("Owner", job.Owner, JobColumnLengths.Owner);
            Fits("OwnerGroup", job.OwnerGroup, JobColumnLengths.Name);
            Fits("VO", job.VO, JobColumnLengths.Code);
            foreach (var lfn in job.InputData)
            {
                Fits("InputData LFN", lfn, JobColumnLengths.Text);
            }
        }
    }

    private static void Fits(string name, string? value, int length)
    {
        // Length first: a string of at most `length` UTF-16 units cannot have more code points.
        if (value is not null && value.Length > length && value.EnumerateRunes().Count() > length)
        {
            throw new DiracException($"{name} is longer than {length} characters", DiracErrorKind.Unprocessable);
        }
    }
}
