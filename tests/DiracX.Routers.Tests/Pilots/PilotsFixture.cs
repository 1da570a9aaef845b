using System.Net;
using System.Net.Http.Json;
using DiracX.Routers.Tests.Jobs;
using DiracX.Testing;

namespace DiracX.Routers.Tests.Pilots;

/// <summary>The routers on a fresh database, with the identities the pilot and RSS tests act as.</summary>
public class PilotsFixture : JobsFixture
{
    /// <summary>A service administrator of lhcb.</summary>
    public static TestIdentity ServiceAdmin { get; } = new("lhcb", "5e1f0c2a-7d4b-4f0e-9a3c-2b1d0e9f8a7c", "svcadmin", "lhcb_admin", ["ServiceAdministrator"]);

    /// <summary>A pilot of gridpp.</summary>
    public static TestIdentity OtherVoPilot { get; } = new("gridpp", "pilot-ref-gridpp", "pilot-ref-gridpp", "gridpp_pilot", ["GenericPilot"]);

    public HttpClient ServiceAdministrator => App.CreateClient(ServiceAdmin);
    public HttpClient GridppPilot => App.CreateClient(OtherVoPilot);
    public HttpClient GridppUser => App.CreateClient(TestIdentity.OtherVoUser);

    private int _next;

    /// <summary>A stamp no other test uses.</summary>
    public string NewStamp(string prefix = "stamp") => $"{prefix}-{Interlocked.Increment(ref _next)}-{Guid.NewGuid():N}"[..32];

    /// <summary>Registers a pilot as <paramref name="client"/> (the lhcb pilot by default) and checks the 201.</summary>
    public async Task<string> RegisterAsync(HttpClient? client = null, string vo = "lhcb")
    {
        var stamp = NewStamp();
        var response = await (client ?? Pilot).PostAsJsonAsync("/api/pilots/", new { pilot_stamp = stamp, vo }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return stamp;
    }
}
