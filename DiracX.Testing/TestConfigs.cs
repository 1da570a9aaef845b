namespace DiracX.Testing;

/// <summary>
/// The configuration the router tests run with: DiracX's test registry (VO <c>lhcb</c>, users chaen and albdr, groups
/// with the properties of DiracX's fixtures) plus a pilot and a second VO <c>gridpp</c>, matching <see cref="TestIdentity"/>.
/// </summary>
public static class TestConfigs
{
    /// <summary>The IdP that the test VOs name (no server answers there; login tests use the DevIdp).</summary>
    public const string IdpUrl = "https://idp-server.invalid";

    /// <summary>The default test configuration.</summary>
    public static string Default { get; } = $$"""
        DIRAC: {}
        Registry:
          lhcb:
            IdP: {URL: {{IdpUrl}}, ClientID: test-idp}
            Support: {Message: "Contact the lhcb support", Webpage: "https://lhcb.example", Email: "support@lhcb.example"}
            DefaultGroup: lhcb_user
            Users:
              {{TestIdentity.NormalUser.IdpSubject}}: {PreferedUsername: chaen, Email: chaen@lhcb.example}
              {{TestIdentity.Admin.IdpSubject}}: {PreferedUsername: albdr, Email: albdr@lhcb.example}
              {{TestIdentity.Pilot.IdpSubject}}: {PreferedUsername: {{TestIdentity.Pilot.PreferredUsername}}}
            Groups:
              lhcb_user:
                Properties: [NormalUser, PrivateLimitedDelegation]
                Users: [{{TestIdentity.NormalUser.IdpSubject}}, {{TestIdentity.Admin.IdpSubject}}]
              lhcb_prmgr:
                Properties: [NormalUser, ProductionManagement]
                Users: [{{TestIdentity.NormalUser.IdpSubject}}]
              lhcb_tokenmgr:
                Properties: [NormalUser, ProxyManagement]
                Users: [{{TestIdentity.Admin.IdpSubject}}]
              lhcb_admin:
                Properties: [JobAdministrator]
                Users: [{{TestIdentity.Admin.IdpSubject}}]
              lhcb_pilot:
                Properties: [GenericPilot, LimitedDelegation]
                Users: [{{TestIdentity.Pilot.IdpSubject}}]
          gridpp:
            IdP: {URL: {{IdpUrl}}, ClientID: test-idp-gridpp}
            DefaultGroup: gridpp_user
            Users:
              {{TestIdentity.OtherVoUser.IdpSubject}}: {PreferedUsername: alice}
            Groups:
              gridpp_user:
                Properties: [NormalUser]
                Users: [{{TestIdentity.OtherVoUser.IdpSubject}}]
        Operations:
          Defaults: {}
          gridpp:
            Services:
              JobMonitoring: {GlobalJobsInfo: false}
        Resources:
          Computing:
            OSCompatibility:
              x86_64-el9: [el9]
        """;
}
