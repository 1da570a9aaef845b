using DiracX.Core.Security;
using DiracX.Routers.Infrastructure.Access;
using DiracX.Routers.Infrastructure.Authentication;

namespace DiracX.Routers.Auth;

/// <summary>
/// Who may see and revoke which refresh tokens: a caller with <c>ProxyManagement</c> acts on everybody's tokens,
/// anyone else on their own (their <c>sub</c>). An extension replaces it by registering a subclass under the same name.
/// </summary>
public class RefreshTokenAccessPolicy(AccessPolicyTracker tracker) : AccessPolicy(tracker)
{
    /// <summary>The policy's name.</summary>
    public const string PolicyName = "refresh-tokens";

    /// <inheritdoc />
    public override string Name => PolicyName;

    /// <summary>The subject whose tokens the caller may manage, or null for every subject.</summary>
    public virtual string? ManagedSubject(AuthorizedUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        MarkInvoked();
        return user.Has(SecurityProperty.ProxyManagement) ? null : user.Sub;
    }
}
