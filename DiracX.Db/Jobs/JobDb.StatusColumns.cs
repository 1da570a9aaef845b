using DiracX.Db.Infrastructure;
using Npgsql;
using NpgsqlTypes;

namespace DiracX.Db.Jobs;

/// <summary>The <c>Jobs</c> columns that <see cref="JobDb.UpdateJobAttributesAsync"/> can set, with their array parameters.</summary>
internal sealed record JobAttributeColumns(string Name, Func<JobAttributeUpdate, bool> IsSet,
    Func<IReadOnlyList<JobAttributeUpdate>, NpgsqlParameter> Values)
{
    /// <summary>How many of the updates set this column.</summary>
    public int CountSet(IReadOnlyList<JobAttributeUpdate> updates)
    {
        var n = 0;
        foreach (var update in updates)
        {
            if (IsSet(update))
            {
                n++;
            }
        }
        return n;
    }

    public static IReadOnlyList<JobAttributeColumns> All { get; } =
    [
        Text("JobType", u => u.JobType),
        Text("JobGroup", u => u.JobGroup),
        Text("Site", u => u.Site),
        Text("JobName", u => u.JobName),
        Text("Owner", u => u.Owner),
        Text("OwnerGroup", u => u.OwnerGroup),
        Text("VO", u => u.VO),
        Time("SubmissionTime", u => u.SubmissionTime),
        Time("RescheduleTime", u => u.RescheduleTime),
        Time("LastUpdateTime", u => u.LastUpdateTime),
        Time("StartExecTime", u => u.StartExecTime),
        Time("HeartBeatTime", u => u.HeartBeatTime),
        Time("EndExecTime", u => u.EndExecTime),
        Text("Status", u => u.Status),
        Text("MinorStatus", u => u.MinorStatus),
        Text("ApplicationStatus", u => u.ApplicationStatus),
        new("UserPriority", u => u.UserPriority is not null, us => NpgsqlSql.Array(us.Select(u => u.UserPriority).ToArray(), NpgsqlDbType.Integer)),
        new("RescheduleCounter", u => u.RescheduleCounter is not null, us => NpgsqlSql.Array(us.Select(u => u.RescheduleCounter).ToArray(), NpgsqlDbType.Integer)),
        new("VerifiedFlag", u => u.VerifiedFlag is not null, us => NpgsqlSql.Array(us.Select(u => u.VerifiedFlag).ToArray(), NpgsqlDbType.Boolean)),
        Text("AccountedFlag", u => u.AccountedFlag),
        Text("ParameterStatus", u => u.ParameterStatus),
        new("ParameterTimestamp", u => u.ParameterTimestamp is not null, us => NpgsqlSql.Array(us.Select(u => u.ParameterTimestamp).ToArray(), NpgsqlDbType.Bigint)),
    ];

    private static JobAttributeColumns Text(string name, Func<JobAttributeUpdate, string?> value) =>
        new(name, u => value(u) is not null, us => NpgsqlSql.Array(us.Select(value).ToArray(), NpgsqlDbType.Text));

    private static JobAttributeColumns Time(string name, Func<JobAttributeUpdate, DateTimeOffset?> value) =>
        new(name, u => value(u) is not null, us => NpgsqlSql.Array(us.Select(u => value(u)?.ToUniversalTime()).ToArray(), NpgsqlDbType.TimestampTz));
}
