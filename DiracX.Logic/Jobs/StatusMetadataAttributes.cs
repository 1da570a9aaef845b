using System.Globalization;
using System.Text.Json;
using DiracX.Core.Errors;
using DiracX.Db.Jobs;

namespace DiracX.Logic.Jobs;

/// <summary>The Jobs attributes of DiracX's <c>JobAttributes</c> model, read from metadata values with pydantic's rules.</summary>
internal static class StatusMetadataAttributes
{
    private static readonly Dictionary<string, int> s_textLengths = new(StringComparer.Ordinal)
    {
        ["JobType"] = JobColumnLengths.Code, ["JobGroup"] = JobColumnLengths.Code, ["Site"] = JobColumnLengths.Site,
        ["JobName"] = JobColumnLengths.Name, ["Owner"] = JobColumnLengths.Owner, ["OwnerGroup"] = JobColumnLengths.Name,
        ["VO"] = JobColumnLengths.Code, ["Status"] = JobColumnLengths.Code, ["MinorStatus"] = JobColumnLengths.Name,
        ["ApplicationStatus"] = JobColumnLengths.Text,
    };

    /// <summary>Sets the attribute <paramref name="name"/> on the update; false when the name is not an attribute.</summary>
    public static bool TrySet(ref JobAttributeUpdate update, string name, JsonElement value, long jobId, DateTimeOffset now)
    {
        if (s_textLengths.TryGetValue(name, out var length))
        {
            var text = Text(value, jobId, name, length);
            update = name switch
            {
                "JobType" => update with { JobType = text },
                "JobGroup" => update with { JobGroup = text },
                "Site" => update with { Site = text },
                "JobName" => update with { JobName = text },
                "Owner" => update with { Owner = text },
                "OwnerGroup" => update with { OwnerGroup = text },
                "VO" => update with { VO = text },
                // DiracX's set_job_attributes bumps LastUpdateTime with every Status.
                "Status" => update with { Status = text, LastUpdateTime = now },
                "MinorStatus" => update with { MinorStatus = text },
                _ => update with { ApplicationStatus = text },
            };
            return true;
        }
        switch (name)
        {
            case "SubmissionTime": update = update with { SubmissionTime = Time(value, jobId, name) }; return true;
            case "RescheduleTime": update = update with { RescheduleTime = Time(value, jobId, name) }; return true;
            case "LastUpdateTime": update = update with { LastUpdateTime = Time(value, jobId, name) }; return true;
            case "StartExecTime": update = update with { StartExecTime = Time(value, jobId, name) }; return true;
            case "HeartBeatTime": update = update with { HeartBeatTime = Time(value, jobId, name) }; return true;
            case "EndExecTime": update = update with { EndExecTime = Time(value, jobId, name) }; return true;
            case "UserPriority": update = update with { UserPriority = Int(value, jobId, name) }; return true;
            case "RescheduleCounter": update = update with { RescheduleCounter = Int(value, jobId, name) }; return true;
            case "VerifiedFlag": update = update with { VerifiedFlag = Bool(value, jobId, name) }; return true;
            case "AccountedFlag": update = update with { AccountedFlag = Accounted(value, jobId, name) }; return true;
            default: return false;
        }
    }

    private static string Text(JsonElement value, long jobId, string name, int length)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            throw StatusMetadata.Invalid(jobId, name, "Input should be a valid string", "string_type", value);
        }
        var text = value.GetString()!;
        return text.EnumerateRunes().Count() > length ? throw new DiracException($"{name} is longer than {length} characters", DiracErrorKind.Unprocessable) : text;
    }

    private static DateTimeOffset Time(JsonElement value, long jobId, string name)
    {
        if (value.ValueKind != JsonValueKind.String)
        {
            throw StatusMetadata.Invalid(jobId, name, "Input should be a valid datetime", "datetime_type", value);
        }
        StatusTimestamp stamp;
        try
        {
            stamp = StatusTimestamps.Parse(value.GetString()!, jobId);
        }
        catch (RequestValidationException e) when (e.Problems is [var problem, ..])
        {
            // The parser locates a status report's timestamp key; here the value of the attribute is at fault.
            throw StatusMetadata.Invalid(jobId, name, problem.Message, problem.Type, value, problem.Context);
        }
        if (stamp.Instant is not { } instant)
        {
            throw StatusMetadata.Invalid(jobId, name, "Input should have timezone info", "timezone_aware", value);
        }
        return instant;
    }

    private static int Int(JsonElement value, long jobId, string name) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetInt32(out var i) => i,
        JsonValueKind.Number when value.TryGetDouble(out var d) && d == Math.Floor(d) && Math.Abs(d) <= int.MaxValue => (int)d,
        JsonValueKind.String when int.TryParse(value.GetString()?.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var s) => s,
        _ => throw StatusMetadata.Invalid(jobId, name, "Input should be a valid integer", "int_type", value),
    };

    private static bool Bool(JsonElement value, long jobId, string name) => value.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Number when value.TryGetInt32(out var i) && i is 0 or 1 => i == 1,
        JsonValueKind.String when value.GetString()!.ToLowerInvariant() is "true" or "yes" or "on" or "1" or "t" or "y" => true,
        JsonValueKind.String when value.GetString()!.ToLowerInvariant() is "false" or "no" or "off" or "0" or "f" or "n" => false,
        _ => throw StatusMetadata.Invalid(jobId, name, "Input should be a valid boolean", "bool_type", value),
    };

    private static string Accounted(JsonElement value, long jobId, string name) => value.ValueKind switch
    {
        JsonValueKind.True => "True",
        JsonValueKind.False => "False",
        JsonValueKind.String when value.GetString() is "True" or "False" or "Failed" => value.GetString()!,
        JsonValueKind.String => throw new DiracException("AccountedFlag must be True, False or Failed"),
        _ => throw StatusMetadata.Invalid(jobId, name, "Input should be a valid boolean or string", "bool_type", value),
    };
}
