using DiracX.Core.Errors;
using DiracX.Routers.Infrastructure.Access;
using DiracX.Routers.Infrastructure.Authentication;

namespace DiracX.Routers.Tests.Extension;

/// <summary>The test extension's policy, as gubbins' LollygagAccessPolicy: managing needs the GubbinsSensei property.</summary>
public class LollygagAccessPolicy(AccessPolicyTracker tracker) : AccessPolicy(tracker)
{
    public const string PolicyName = "lollygag";

    public override string Name => PolicyName;

    public virtual Task CheckManageAsync(AuthorizedUser user, CancellationToken cancellationToken)
    {
        MarkInvoked();
        return user.Has("GubbinsSensei") ? Task.CompletedTask : throw new ForbiddenException("Streng verboten !!");
    }
}

/// <summary>An extension's replacement of the policy: it also refuses the gridpp VO.</summary>
public sealed class StricterLollygagAccessPolicy(AccessPolicyTracker tracker) : LollygagAccessPolicy(tracker)
{
    public override async Task CheckManageAsync(AuthorizedUser user, CancellationToken cancellationToken)
    {
        await base.CheckManageAsync(user, cancellationToken);
        if (user.Vo == "gridpp")
        {
            throw new ForbiddenException("No gridpp sensei here");
        }
    }
}
