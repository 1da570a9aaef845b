using DiracX.Core.Errors;
using DiracX.Core.Security;
using DiracX.Routers.Infrastructure.Access;
using DiracX.Routers.Infrastructure.Authentication;

namespace DiracX.Routers.Tasks;

/// <summary>
/// The policy of the task operations routes (ours: DiracX has no such routes): ServiceAdministrator only, for reading
/// as for changing, since runs carry arguments and errors of every VO.
/// </summary>
public class TasksAccessPolicy(AccessPolicyTracker tracker) : AccessPolicy(tracker)
{
    /// <summary>The policy's name.</summary>
    public const string PolicyName = "tasks";

    /// <inheritdoc />
    public override string Name => PolicyName;

    /// <summary>Checks the caller; throws <see cref="ForbiddenException"/> (403) unless it is a ServiceAdministrator.</summary>
    public virtual void Check(AuthorizedUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        MarkInvoked();
        if (!user.Has(SecurityProperty.ServiceAdministrator))
        {
            throw new ForbiddenException("The task operations need ServiceAdministrator");
        }
    }
}
