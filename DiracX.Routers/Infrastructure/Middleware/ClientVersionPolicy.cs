using DiracX.Core.Versioning;

namespace DiracX.Routers.Infrastructure.Middleware;

/// <summary>
/// The minimum client version that modules require (DiracX's <c>diracx.min_client_version</c> entry point): the
/// effective minimum is the highest of the setting and every module's requirement.
/// </summary>
public sealed class ClientVersionPolicy
{
    private readonly List<Pep440Version> _required = [];

    /// <summary>Raises the minimum client version to at least <paramref name="version"/>.</summary>
    public ClientVersionPolicy Require(string version)
    {
        _required.Add(Pep440Version.Parse(version));
        return this;
    }

    /// <summary>The effective minimum given the configured one.</summary>
    public Pep440Version EffectiveMinimum(string configured) =>
        _required.Append(Pep440Version.Parse(configured)).Max()!;
}
