using DiracX.Core.Errors;
using DiracX.Core.Security;
using DiracX.Db.Jobs;
using DiracX.Logic.Jobs;
using DiracX.Routers.Infrastructure.Access;
using DiracX.Routers.Infrastructure.Authentication;

namespace DiracX.Routers.Jobs;

/// <summary>What a job route does, for <see cref="WmsAccessPolicy"/>.</summary>
public enum WmsAction
{
    /// <summary>Create jobs.</summary>
    Create,
    /// <summary>Read jobs (status, JDL, parameters, sandboxes).</summary>
    Read,
    /// <summary>Change jobs (status, metadata, reschedule, kill, delete).</summary>
    Manage,
    /// <summary>Search and summarise (scoped in the logic).</summary>
    Query,
    /// <summary>Reporting on jobs (heartbeats): checked as <see cref="Manage"/>, as DiracX does (the owner may send them too).</summary>
    Pilot,
    /// <summary>Delete jobs from every WMS table: JobAdministrator only.</summary>
    Remove,
}

/// <summary>
/// DiracX's <c>WMSAccessPolicy</c> (<c>diracx-routers/src/diracx/routers/jobs/access_policies.py</c>): CREATE needs
/// NormalUser; a JobAdministrator may do everything but create; QUERY needs NormalUser (scoping is applied by the
/// search); READ/MANAGE need NormalUser and every job to exist and belong to the caller (owner and VO), checked in one
/// statement. PILOT is MANAGE. A GenericPilot may MANAGE (and PILOT) jobs of its own VO only: DiracX lets a pilot manage
/// any job of any VO, which we do not; ids that name no job pass (the logic reports them per job, so that one bad id
/// never loses a pilot's batch), as they do for a JobAdministrator. REMOVE is for JobAdministrators only.
/// </summary>
public class WmsAccessPolicy(AccessPolicyTracker tracker, JobDb jobs) : AccessPolicy(tracker)
{
    /// <summary>The policy's name.</summary>
    public const string PolicyName = "wms";

    /// <inheritdoc />
    public override string Name => PolicyName;

    /// <summary>Checks the action; throws <see cref="ForbiddenException"/> (403 "Forbidden") when it is not allowed.</summary>
    public virtual async Task CheckAsync(AuthorizedUser user, WmsAction action, IReadOnlyCollection<long>? jobIds, CancellationToken cancellationToken)
    {
        MarkInvoked();
        if (action == WmsAction.Create)
        {
            Require(user.Has(SecurityProperty.NormalUser));
            return;
        }
        if (user.Has(SecurityProperty.JobAdministrator))
        {
            return;
        }
        Require(action != WmsAction.Remove);
        var ids = (jobIds ?? []).Distinct().ToList();
        if (action is WmsAction.Manage or WmsAction.Pilot)
        {
            if (ScopeOfChange(user) is { } scope)
            {
                Require(scope.Allows(await jobs.GetOwnershipAsync(ids, cancellationToken), ids.Count));
            }
            return;
        }
        Require(user.Has(SecurityProperty.NormalUser));
        if (action == WmsAction.Query)
        {
            return;
        }
        var ownership = await jobs.GetOwnershipAsync(ids, cancellationToken);
        Require(ownership is [var only] && only.Owner == user.PreferredUsername && only.VO == user.Vo && only.Count == ids.Count);
    }

    /// <summary>
    /// MANAGE (and PILOT), for logic that locks the jobs' rows anyway and checks the scope on them
    /// (<see cref="JobWriteScope.Require"/>), as <see cref="CheckAsync"/> would, without reading the rows twice: null for a
    /// JobAdministrator (any job), the caller's VO for a GenericPilot, the caller's own jobs otherwise; 403 for a caller
    /// with neither GenericPilot nor NormalUser.
    /// </summary>
    public virtual JobWriteScope? ScopeOfChange(AuthorizedUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        MarkInvoked();
        if (user.Has(SecurityProperty.JobAdministrator))
        {
            return null;
        }
        if (user.Has(SecurityProperty.GenericPilot))
        {
            return new JobWriteScope(user.Vo, null);
        }
        Require(user.Has(SecurityProperty.NormalUser));
        return new JobWriteScope(user.Vo, user.PreferredUsername);
    }

    /// <summary>
    /// READ of one job, for routes whose read applies the ownership itself: the owner and VO the job must have (null for
    /// a JobAdministrator, who reads any job); 403 for a caller without NormalUser. The read answers 403 when no job of
    /// that owner has the id, as <see cref="CheckAsync"/> would, in one statement instead of two.
    /// </summary>
    public virtual JobOwnerScope? ScopeReadOfOneJob(AuthorizedUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        MarkInvoked();
        if (user.Has(SecurityProperty.JobAdministrator))
        {
            return null;
        }
        Require(user.Has(SecurityProperty.NormalUser));
        return new JobOwnerScope(user.PreferredUsername, user.Vo);
    }

    /// <summary>The job attributes that say whose job it is (and so with whose identity and VO it runs).</summary>
    private static readonly string[] s_identityAttributes = ["Owner", "OwnerGroup", "VO"];

    /// <summary>
    /// MANAGE through metadata: besides <see cref="CheckAsync"/>, only a JobAdministrator may change Owner, OwnerGroup or
    /// VO (DiracX lets anyone who may manage the job do it, so that a user could hand a job to another user, group or VO).
    /// <paramref name="attributes"/> are the names the request sets to a value.
    /// </summary>
    public virtual void CheckMetadataAttributes(AuthorizedUser user, IEnumerable<string> attributes)
    {
        ArgumentNullException.ThrowIfNull(user);
        MarkInvoked();
        if (user.Has(SecurityProperty.JobAdministrator))
        {
            return;
        }
        var names = attributes.ToHashSet(StringComparer.Ordinal);
        if (s_identityAttributes.Where(names.Contains).ToList() is { Count: > 0 } identity)
        {
            throw new ForbiddenException($"Only a JobAdministrator may change {string.Join(", ", identity)}");
        }
    }

    private static void Require(bool allowed)
    {
        if (!allowed)
        {
            throw new ForbiddenException("Forbidden");
        }
    }
}
