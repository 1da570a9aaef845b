using System.Text.Json.Nodes;
using DiracX.Db.Infrastructure;
using DiracX.Db.Jobs;

namespace DiracX.Routers.Tests.Extension;

/// <summary>An extension's replacement of DiracX's JobDb (as gubbins' GubbinsJobDB): it tags every parameters document.</summary>
public sealed class LollygagJobDb(DbConnections connections) : JobDb(connections)
{
    public override async Task<string?> GetJobParametersAsync(long jobId, JobOwnerScope? owner, CancellationToken cancellationToken)
    {
        if (await base.GetJobParametersAsync(jobId, owner, cancellationToken) is not { } json)
        {
            return null;
        }
        var document = JsonNode.Parse(json)!.AsObject();
        document["LollygagSeen"] = true;
        return document.ToJsonString();
    }
}
