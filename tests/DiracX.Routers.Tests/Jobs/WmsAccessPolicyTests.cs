using DiracX.Core.Errors;
using DiracX.Db.Infrastructure;
using DiracX.Db.Jobs;
using DiracX.Routers.Infrastructure.Access;
using DiracX.Routers.Infrastructure.Authentication;
using DiracX.Routers.Infrastructure.UnitOfWork;
using DiracX.Routers.Jobs;
using DiracX.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace DiracX.Routers.Tests.Jobs;

/// <summary>
/// Jobs owned by the normal user (two), by another lhcb user and by a gridpp user, as rows in JobDB; the ids that
/// name them in <see cref="WmsAccessPolicyTests"/>.
/// </summary>
public sealed class WmsPolicyFixture : JobsFixture
{
    private readonly Dictionary<string, long> _jobs = [];

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        var ids = await SubmitAsync(4);
        _jobs["own"] = ids[0];
        _jobs["own2"] = ids[1];
        _jobs["colleague"] = ids[2];
        _jobs["gridpp"] = ids[3];
        _jobs["unknown"] = ids.Max() + 1000;
        await ScalarAsync<object>("""UPDATE jobdb."Jobs" SET "Owner" = 'bob' WHERE "JobID" = $1""", _jobs["colleague"]);
        await ScalarAsync<object>("""UPDATE jobdb."Jobs" SET "Owner" = 'alice', "VO" = 'gridpp', "OwnerGroup" = 'gridpp_user' WHERE "JobID" = $1""",
            _jobs["gridpp"]);
    }

    /// <summary><c>own,colleague</c> → their ids; <c>-</c> → no ids at all (null).</summary>
    public long[]? Ids(string names) => names == "-" ? null : [.. names.Split(',').Select(n => _jobs[n])];
}

/// <summary>
/// Today's WMS access policy, case by case: every identity and every action against real rows, with real tokens
/// verified by the app's verifier.
/// </summary>
public class WmsAccessPolicyTests(WmsPolicyFixture fixture) : IClassFixture<WmsPolicyFixture>
{
    private static readonly Dictionary<string, TestIdentity> s_identities = new()
    {
        ["owner"] = TestIdentity.NormalUser,
        ["colleague"] = TestIdentity.NormalUser with { IdpSubject = "5e2b0c1d-7a4f-4c3e-8d9a-0b1c2d3e4f50", PreferredUsername = "bob" },
        ["other-vo"] = TestIdentity.OtherVoUser,
        ["pilot"] = TestIdentity.Pilot,
        ["admin"] = TestIdentity.Admin,
        ["no-property"] = TestIdentity.NormalUser with { Properties = [] },
    };

    [Theory]
    // Create: NormalUser only, whatever the VO; not even a JobAdministrator.
    [InlineData("owner", WmsAction.Create, "-", true)]
    [InlineData("colleague", WmsAction.Create, "-", true)]
    [InlineData("other-vo", WmsAction.Create, "-", true)]
    [InlineData("pilot", WmsAction.Create, "-", false)]
    [InlineData("admin", WmsAction.Create, "-", false)]
    [InlineData("no-property", WmsAction.Create, "-", false)]
    // Query: NormalUser (the search scopes the rows) or JobAdministrator.
    [InlineData("owner", WmsAction.Query, "-", true)]
    [InlineData("other-vo", WmsAction.Query, "-", true)]
    [InlineData("admin", WmsAction.Query, "-", true)]
    [InlineData("pilot", WmsAction.Query, "-", false)]
    [InlineData("no-property", WmsAction.Query, "-", false)]
    // Read and Manage: every job exists and belongs to the caller (owner and VO).
    [InlineData("owner", WmsAction.Read, "own", true)]
    [InlineData("owner", WmsAction.Read, "own,own2", true)]
    [InlineData("owner", WmsAction.Read, "own,own", true)]
    [InlineData("owner", WmsAction.Read, "colleague", false)]
    [InlineData("owner", WmsAction.Read, "gridpp", false)]
    [InlineData("owner", WmsAction.Read, "unknown", false)]
    [InlineData("owner", WmsAction.Read, "own,colleague", false)]
    [InlineData("owner", WmsAction.Read, "own,unknown", false)]
    [InlineData("owner", WmsAction.Manage, "own,own2", true)]
    [InlineData("owner", WmsAction.Manage, "colleague", false)]
    [InlineData("owner", WmsAction.Manage, "gridpp", false)]
    [InlineData("owner", WmsAction.Manage, "unknown", false)]
    [InlineData("owner", WmsAction.Manage, "own,gridpp", false)]
    [InlineData("colleague", WmsAction.Read, "colleague", true)]
    [InlineData("colleague", WmsAction.Manage, "own", false)]
    [InlineData("other-vo", WmsAction.Read, "gridpp", true)]
    [InlineData("other-vo", WmsAction.Manage, "gridpp", true)]
    [InlineData("other-vo", WmsAction.Read, "own", false)]
    [InlineData("no-property", WmsAction.Read, "own", false)]
    [InlineData("no-property", WmsAction.Manage, "own", false)]
    // Pilot is Manage (DiracX): the owner may send heartbeats for their own jobs, every one existing and theirs.
    [InlineData("owner", WmsAction.Pilot, "own", true)]
    [InlineData("owner", WmsAction.Pilot, "own,own2", true)]
    [InlineData("owner", WmsAction.Pilot, "own,colleague", false)]
    [InlineData("owner", WmsAction.Pilot, "gridpp", false)]
    [InlineData("owner", WmsAction.Pilot, "own,unknown", false)]
    [InlineData("colleague", WmsAction.Pilot, "own", false)]
    [InlineData("no-property", WmsAction.Pilot, "own", false)]
    // A GenericPilot: any job of its own VO (DiracX: of any VO); ids that name no job pass, the logic reports them per job.
    [InlineData("pilot", WmsAction.Pilot, "own", true)]
    [InlineData("pilot", WmsAction.Pilot, "own,colleague", true)]
    [InlineData("pilot", WmsAction.Pilot, "gridpp", false)]
    [InlineData("pilot", WmsAction.Pilot, "own,gridpp", false)]
    [InlineData("pilot", WmsAction.Pilot, "unknown", true)]
    [InlineData("pilot", WmsAction.Pilot, "own,unknown", true)]
    [InlineData("pilot", WmsAction.Pilot, "gridpp,unknown", false)]
    // A GenericPilot manages jobs of its own VO, and cannot read or query.
    [InlineData("pilot", WmsAction.Manage, "own,colleague", true)]
    [InlineData("pilot", WmsAction.Manage, "gridpp", false)]
    [InlineData("pilot", WmsAction.Manage, "own,unknown", true)]
    [InlineData("pilot", WmsAction.Read, "own", false)]
    // A JobAdministrator may do everything but create, on any job of any VO, even jobs that do not exist.
    [InlineData("admin", WmsAction.Read, "own,colleague,gridpp", true)]
    [InlineData("admin", WmsAction.Manage, "own,gridpp,unknown", true)]
    [InlineData("admin", WmsAction.Pilot, "gridpp", true)]
    [InlineData("admin", WmsAction.Remove, "own,gridpp,unknown", true)]
    // Remove: JobAdministrator only, whoever owns the jobs.
    [InlineData("owner", WmsAction.Remove, "own", false)]
    [InlineData("other-vo", WmsAction.Remove, "gridpp", false)]
    [InlineData("pilot", WmsAction.Remove, "own", false)]
    [InlineData("no-property", WmsAction.Remove, "own", false)]
    public async Task The_policy_decides_as_DiracX_does(string identity, WmsAction action, string jobs, bool allowed)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var scope = fixture.App.CreateScope();
        var services = scope.ServiceProvider;
        await services.GetRequiredService<DbUnitOfWork>().BeginAsync(services.GetRequiredService<DbConnectionMap>().For([DbNames.JobDb]), ct);
        var tracker = new AccessPolicyTracker();
        var policy = new WmsAccessPolicy(tracker, services.GetRequiredService<JobDb>());
        var check = policy.CheckAsync(User(identity), action, fixture.Ids(jobs), ct);

        if (allowed)
        {
            await check;
        }
        else
        {
            Assert.Equal("Forbidden", (await Assert.ThrowsAsync<ForbiddenException>(() => check)).Message);
        }
        Assert.True(tracker.WasInvoked(WmsAccessPolicy.PolicyName));
    }

    [Fact]
    public async Task The_scope_checked_on_locked_rows_decides_every_change_case_as_the_policy_does()
    {
        var ct = TestContext.Current.CancellationToken;
        var cases = typeof(WmsAccessPolicyTests).GetMethod(nameof(The_policy_decides_as_DiracX_does))!
            .GetCustomAttributes(typeof(InlineDataAttribute), false).Cast<InlineDataAttribute>()
            .Select(d => (Identity: (string)d.Data[0]!, Action: (WmsAction)d.Data[1]!, Jobs: (string)d.Data[2]!, Allowed: (bool)d.Data[3]!))
            .Where(c => c.Action is WmsAction.Manage or WmsAction.Pilot).ToList();
        Assert.True(cases.Count > 20);
        foreach (var (identity, action, jobs, allowed) in cases)
        {
            await using var scope = fixture.App.CreateScope();
            var services = scope.ServiceProvider;
            await services.GetRequiredService<DbUnitOfWork>().BeginAsync(services.GetRequiredService<DbConnectionMap>().For([DbNames.JobDb]), ct);
            var tracker = new AccessPolicyTracker();
            var policy = new WmsAccessPolicy(tracker, services.GetRequiredService<JobDb>());
            bool decided;
            try
            {
                var ids = (fixture.Ids(jobs) ?? []).Distinct().ToList();
                var rows = await services.GetRequiredService<JobDb>().LockJobsAsync(ids, ct);
                policy.ScopeOfChange(User(identity))?.Require(rows, ids.Count);
                decided = true;
            }
            catch (ForbiddenException e)
            {
                Assert.Equal("Forbidden", e.Message);
                decided = false;
            }
            Assert.True(allowed == decided, $"{identity} {action} {jobs}: expected {(allowed ? "allowed" : "403")}");
            Assert.True(tracker.WasInvoked(WmsAccessPolicy.PolicyName));
        }
    }

    [Fact]
    public void Every_action_has_cases()
    {
        var covered = typeof(WmsAccessPolicyTests).GetMethod(nameof(The_policy_decides_as_DiracX_does))!
            .GetCustomAttributes(typeof(InlineDataAttribute), false).Cast<InlineDataAttribute>()
            .Select(d => (WmsAction)d.Data[1]!).ToHashSet();
        Assert.Equal(Enum.GetValues<WmsAction>().ToHashSet(), covered);
    }

    // A real token, minted by the app's keystore and verified as the bearer middleware does.
    private AuthorizedUser User(string name)
    {
        var token = fixture.App.Keystore.MintAccessToken(s_identities[name]);
        return new AuthorizedUser(fixture.App.Keystore.Verifier.VerifyAccessToken(token), token);
    }
}
