using DiracX.Core.Errors;
using DiracX.Routers.Infrastructure.Access;
using DiracX.Routers.Infrastructure.Authentication;
using Gubbins.Core;

namespace Gubbins.Routers;

/// <summary>What a lollygag route does (gubbins' <c>ActionType</c>).</summary>
public enum LollygagAction
{
    Create,
    Read,
    Manage,
}

/// <summary>
/// Gubbins' access policy (DiracX's gubbins <c>LollygagAccessPolicy</c>): any authenticated user may create and read;
/// managing needs the <see cref="GubbinsProperties.GubbinsSensei"/> property ("Streng verboten !!" otherwise).
/// </summary>
public class LollygagAccessPolicy(AccessPolicyTracker tracker) : AccessPolicy(tracker)
{
    public const string PolicyName = "LollygagAccessPolicy";

    public override string Name => PolicyName;

    public virtual Task CheckAsync(AuthorizedUser user, LollygagAction action)
    {
        ArgumentNullException.ThrowIfNull(user);
        MarkInvoked();
        if (action == LollygagAction.Manage && !user.Has(GubbinsProperties.GubbinsSensei))
        {
            throw new ForbiddenException("Streng verboten !!");
        }
        return Task.CompletedTask;
    }
}
