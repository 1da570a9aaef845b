using System.Text.Json.Nodes;
using DiracX.Core.Configuration;

namespace DiracX.Core.Tests.Configuration;

/// <summary>Configuration files used by the tests.</summary>
public static class ConfigSamples
{
    public const string Chaen = "b824d4dc-1f9d-4ee8-8df5-c0ae55d46041";
    public const string Alice = "0d6f8c1e-77a2-4c8e-9a35-2f1b6f0e9c11";

    /// <summary>A valid configuration with one VO, two users, two groups, operations defaults and resources.</summary>
    public const string Valid = $$$"""
        DIRAC: {}
        Registry:
          lhcb:
            IdP:
              URL: https://idp.example.org
              ClientID: diracx-client
            DefaultGroup: lhcb_user
            Users:
              {{{Chaen}}}:
                PreferedUsername: chaen
                Email: chaen@example.org
              {{{Alice}}}:
                PreferedUsername: alice
            Groups:
              lhcb_user:
                Properties: [NormalUser]
                Users: [{{{Chaen}}}, {{{Alice}}}]
              lhcb_admin:
                JobShare: "500"
                AutoAddVOMS: "True"
                Properties: [NormalUser, JobAdministrator, NormalUser]
                Users: [{{{Chaen}}}]
        Operations:
          Defaults:
            Services:
              JobMonitoring:
                GlobalJobsInfo: false
            JobDescription:
              MaxCPUTime: 1000
            Shifter:
              DataManager: {User: chaen}
          lhcb:
            JobDescription:
              DefaultPriority: 2
        Resources:
          Computing:
            OSCompatibility:
              x86_64-el9: [el9, el8]
          Sites:
            LCG:
              LCG.CERN.cern:
                CEs:
                  ce1.cern.ch: {CEType: HTCondorCE}
          StorageElements:
            CERN-DST: {BackendType: EOS}
        Systems:
          WorkloadManagement:
            Agents: {JobCleaningAgent: {PollingTime: 3600}}
        """;

    /// <summary>A fresh raw tree of <see cref="Valid"/> for tests to alter.</summary>
    public static JsonObject ValidTree() => (JsonObject)ConfigYaml.Parse(Valid)!;
}
