using DiracX.Core.Errors;
using DiracX.Core.Security;
using DiracX.Routers.Infrastructure.Access;
using DiracX.Routers.Infrastructure.Authentication;

namespace DiracX.Routers.ResourceStatus;

/// <summary>What an RSS route does.</summary>
public enum RssAction
{
    /// <summary>Read statuses (any authenticated user; the view is the caller's VO's).</summary>
    Read,
    /// <summary>Set statuses (ours): ServiceAdministrator only.</summary>
    Manage,
}

/// <summary>
/// DiracX's <c>RSSAccessPolicy</c>: any authenticated user may read the statuses (the route overlays the caller's VO);
/// setting them, which DiracX has no route for, needs ServiceAdministrator.
/// </summary>
public class RssAccessPolicy(AccessPolicyTracker tracker) : AccessPolicy(tracker)
{
    /// <summary>The policy's name.</summary>
    public const string PolicyName = "rss";

    /// <inheritdoc />
    public override string Name => PolicyName;

    /// <summary>Checks the action; throws <see cref="ForbiddenException"/> (403) when it is not allowed.</summary>
    public virtual void Check(AuthorizedUser user, RssAction action)
    {
        ArgumentNullException.ThrowIfNull(user);
        MarkInvoked();
        if (action == RssAction.Manage && !user.Has(SecurityProperty.ServiceAdministrator))
        {
            throw new ForbiddenException("Setting resource statuses needs ServiceAdministrator");
        }
    }
}
