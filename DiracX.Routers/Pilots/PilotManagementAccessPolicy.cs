using DiracX.Core.Errors;
using DiracX.Core.Security;
using DiracX.Db.Jobs;
using DiracX.Db.Pilots;
using DiracX.Routers.Infrastructure.Access;
using DiracX.Routers.Infrastructure.Authentication;

namespace DiracX.Routers.Pilots;

/// <summary>What a pilot route does, for <see cref="PilotManagementAccessPolicy"/>.</summary>
public enum PilotAction
{
    /// <summary>Register pilots, change their metadata, record their jobs.</summary>
    ManagePilots,
    /// <summary>Search and summarise pilots (scoped to the caller's VO in the logic).</summary>
    ReadPilotMetadata,
}

/// <summary>What a management call touches, for the policy to check.</summary>
/// <param name="Stamps">The stamps of existing pilots the call changes (none for a registration).</param>
/// <param name="TargetVo">The VO of a pilot being registered.</param>
/// <param name="JobIds">The jobs being linked to a pilot.</param>
public sealed record PilotTargets(IReadOnlyCollection<string>? Stamps = null, string? TargetVo = null, IReadOnlyCollection<long>? JobIds = null)
{
    /// <summary>How many distinct pilots the call touches.</summary>
    public int DistinctPilots => (Stamps ?? []).Distinct(StringComparer.Ordinal).Count() + (TargetVo is null ? 0 : 1);
}

/// <summary>
/// DiracX's <c>PilotManagementAccessPolicy</c> (<c>diracx-routers/src/diracx/routers/pilots/access_policies.py</c>).
/// MANAGE_PILOTS: a ServiceAdministrator, or a GenericPilot (the routes that allow legacy pilots: registration,
/// metadata, and our job linking) touching at most one distinct pilot per call, of its own VO, and only jobs of its own
/// VO. The pilots named must all exist (404 "At least one pilot does not exist.") and, unless the caller is a
/// ServiceAdministrator, belong to the caller's VO. READ_PILOT_METADATA: anyone but a GenericPilot; the search is
/// scoped to the caller's VO in the logic (ServiceAdministrators see every VO).
/// </summary>
public class PilotManagementAccessPolicy(AccessPolicyTracker tracker, PilotAgentsDb pilots, JobDb jobs) : AccessPolicy(tracker)
{
    /// <summary>The policy's name.</summary>
    public const string PolicyName = "pilots";

    /// <inheritdoc />
    public override string Name => PolicyName;

    /// <summary>Checks the action; throws <see cref="ForbiddenException"/> (403) or <see cref="NotFoundException"/> (404).</summary>
    public virtual async Task CheckAsync(AuthorizedUser user, PilotAction action, PilotTargets? targets, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        MarkInvoked();
        var admin = user.Has(SecurityProperty.ServiceAdministrator);
        if (action == PilotAction.ReadPilotMetadata)
        {
            Require(admin || !user.Has(SecurityProperty.GenericPilot), "Pilots cannot read pilot metadata");
            return;
        }
        targets ??= new PilotTargets();
        if (!admin)
        {
            Require(user.Has(SecurityProperty.GenericPilot), "Managing pilots needs ServiceAdministrator or GenericPilot");
            Require(targets.DistinctPilots <= 1, "A pilot may manage only one pilot per call");
            Require(targets.TargetVo is null || targets.TargetVo == user.Vo, "A pilot may only register pilots of its own VO");
        }
        if (targets.Stamps is { Count: > 0 } stamps)
        {
            var found = await pilots.GetPilotsAsync(stamps, cancellationToken);
            if (found.Count < stamps.Distinct(StringComparer.Ordinal).Count())
            {
                throw new NotFoundException("At least one pilot does not exist.");
            }
            Require(admin || found.All(p => p.VO == user.Vo), "You cannot manage pilots of another VO");
        }
        if (!admin && targets.JobIds is { Count: > 0 } jobIds)
        {
            // Jobs that do not exist are left to the logic, which names them (404).
            var vos = await jobs.GetJobVosAsync(jobIds, cancellationToken);
            Require(vos.Values.All(vo => vo == user.Vo), "A pilot may only record jobs of its own VO");
        }
    }

    private static void Require(bool allowed, string message)
    {
        if (!allowed)
        {
            throw new ForbiddenException(message);
        }
    }
}
