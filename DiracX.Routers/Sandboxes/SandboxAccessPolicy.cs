using DiracX.Core.Errors;
using DiracX.Core.Security;
using DiracX.Core.Settings;
using DiracX.Db.Sandboxes;
using DiracX.Logic.Sandboxes;
using DiracX.Routers.Infrastructure.Access;
using DiracX.Routers.Infrastructure.Authentication;
using Microsoft.Extensions.Options;

namespace DiracX.Routers.Sandboxes;

/// <summary>What a sandbox route does, for <see cref="SandboxAccessPolicy"/>.</summary>
public enum SandboxAction
{
    /// <summary>Register and upload a sandbox.</summary>
    Create,
    /// <summary>Download sandboxes.</summary>
    Read,
}

/// <summary>
/// DiracX's <c>SandboxAccessPolicy</c>: CREATE needs NormalUser; a JobAdministrator may read any sandbox; otherwise the
/// caller needs NormalUser, every PFN must lie in the caller's namespace <c>/S3/&lt;bucket&gt;/&lt;vo&gt;/&lt;group&gt;/&lt;user&gt;/</c>
/// (403 "Invalid PFN. PFN must start with ...") and be a registered sandbox of the caller (403 "&lt;user&gt; is not the
/// owner of the sandbox"; DiracX lets an unregistered PFN through when the caller has never registered any sandbox).
/// </summary>
public class SandboxAccessPolicy(AccessPolicyTracker tracker, SandboxMetadataDb db, IOptions<SandboxStoreSettings> settings) : AccessPolicy(tracker)
{
    /// <summary>The policy's name.</summary>
    public const string PolicyName = "sandbox";

    /// <inheritdoc />
    public override string Name => PolicyName;

    /// <summary>Checks the action on the PFNs; throws <see cref="ForbiddenException"/> (403) when it is not allowed.</summary>
    public virtual async Task CheckAsync(AuthorizedUser user, SandboxAction action, IReadOnlyList<string> pfns, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(pfns);
        MarkInvoked();
        if (action == SandboxAction.Create)
        {
            Require(user.Has(SecurityProperty.NormalUser), "Forbidden");
            return;
        }
        if (user.Has(SecurityProperty.JobAdministrator))
        {
            return;
        }
        Require(user.Has(SecurityProperty.NormalUser), "Forbidden");
        var prefix = SandboxPfn.Prefix(settings.Value.BucketName, user.Vo, user.DiracGroup, user.PreferredUsername);
        var shortPfns = pfns.Select(SandboxPfn.WithoutStorageElement).ToList();
        foreach (var pfn in shortPfns)
        {
            Require(pfn.StartsWith(prefix, StringComparison.Ordinal), $"Invalid PFN. PFN must start with {prefix}");
        }
        var ownerId = await db.GetOwnerIdAsync(user.PreferredUsername, user.DiracGroup, user.Vo, cancellationToken);
        var rows = await db.GetSandboxesAsync(settings.Value.SeName, shortPfns, cancellationToken);
        Require(ownerId is not null && shortPfns.All(p => rows.Any(r => r.SEPFN == p && r.OwnerId == ownerId)),
            $"{user.PreferredUsername} is not the owner of the sandbox");
    }

    private static void Require(bool allowed, string message)
    {
        if (!allowed)
        {
            throw new ForbiddenException(message);
        }
    }
}
