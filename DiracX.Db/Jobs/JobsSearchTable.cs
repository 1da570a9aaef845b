using DiracX.Db.Search;

namespace DiracX.Db.Jobs;

/// <summary>The <c>Jobs</c> table as the search engine sees it: DiracX's searchable columns, in DiracX's order.</summary>
public static class JobsSearchTable
{
    /// <summary>The description of <c>jobdb."Jobs"</c>; <c>LoggingInfo</c> is a pseudo-parameter.</summary>
    public static SearchTable Table { get; } = new(Infrastructure.DbNames.JobDb, "Jobs",
    [
        new("JobID", "JobID", SearchColumnType.WholeNumber),
        new("JobType", "JobType", SearchColumnType.Text),
        new("JobGroup", "JobGroup", SearchColumnType.Text),
        new("Site", "Site", SearchColumnType.Text),
        new("JobName", "JobName", SearchColumnType.Text),
        new("Owner", "Owner", SearchColumnType.Text),
        new("OwnerGroup", "OwnerGroup", SearchColumnType.Text),
        new("VO", "VO", SearchColumnType.Text),
        new("SubmissionTime", "SubmissionTime", SearchColumnType.DateTime),
        new("RescheduleTime", "RescheduleTime", SearchColumnType.DateTime),
        new("LastUpdateTime", "LastUpdateTime", SearchColumnType.DateTime),
        new("StartExecTime", "StartExecTime", SearchColumnType.DateTime),
        new("HeartBeatTime", "HeartBeatTime", SearchColumnType.DateTime),
        new("EndExecTime", "EndExecTime", SearchColumnType.DateTime),
        new("Status", "Status", SearchColumnType.Text),
        new("MinorStatus", "MinorStatus", SearchColumnType.Text),
        new("ApplicationStatus", "ApplicationStatus", SearchColumnType.Text),
        new("UserPriority", "UserPriority", SearchColumnType.WholeNumber),
        new("RescheduleCounter", "RescheduleCounter", SearchColumnType.WholeNumber),
        new("VerifiedFlag", "VerifiedFlag", SearchColumnType.Boolean),
        new("AccountedFlag", "AccountedFlag", SearchColumnType.Text),
    ], primaryKey: "JobID", rangeUnit: "jobs", pseudoParameters: ["LoggingInfo"],
        rollup: JobsSummaryTable.Rollup);
}
