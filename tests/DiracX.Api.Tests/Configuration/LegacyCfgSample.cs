namespace DiracX.Api.Tests.Configuration;

/// <summary>A DIRAC configuration as a two-VO installation has it, with the DiracX migration settings added.</summary>
public static class LegacyCfgSample
{
    public const string Cfg = """
        DIRAC
        {
          VirtualOrganization = lhcb
          DefaultGroup = lhcb_user
          Setups
          {
            LHCb-Production
            {
              WorkloadManagement = Production
            }
          }
          Configuration
          {
            Name = LHCb-Prod
            Servers = dips://cs1.example.org:9135/Configuration/Server
            Servers += dips://cs2.example.org:9135/Configuration/Server
          }
          Security
          {
            UseServerCertificate = yes
          }
        }
        DiracX
        {
          URL = https://diracx.example.org
          DisabledVOs =
          LegacyClientEnabled
          {
            lhcb
            {
              JobMonitoring = True
            }
          }
          CsSync
          {
            VOs
            {
              lhcb
              {
                DefaultGroup = lhcb_user
                IdP
                {
                  URL = https://auth.example.org/realms/lhcb
                  ClientID = lhcb-diracx
                }
                UserSubjects
                {
                  chaen = 6e1b3e4a-0c1d-4f4e-9b1e-5a1c2d3e4f50
                  alice = 0d6f8c1e-77a2-4c8e-9a35-2f1b6f0e9c11
                }
                Support
                {
                  Email = lhcb-support@example.org
                  Message = Ask on the LHCb forum
                }
              }
              dteam
              {
                DefaultGroup = dteam_user
                IdP
                {
                  URL = https://auth.example.org/realms/dteam
                  ClientID = dteam-diracx
                }
                UserSubjects
                {
                  alice = 7a2b3c4d-5e6f-4071-8293-a4b5c6d7e8f9
                }
              }
            }
          }
        }
        Systems
        {
          WorkloadManagement
          {
            Production
            {
              Services
              {
                JobManager
                {
                  Port = 9132
                  MaxParametricJobs = 100
                  Authorization
                  {
                    Default = authenticated
                    getJobs = JobAdministrator
                    getJobs += NormalUser
                  }
                }
              }
            }
          }
        }
        Registry
        {
          DefaultProxyLifeTime = 86400
          Users
          {
            #@@-chaen - /DC=org/CN=chaen - 2024-01-02 10:00:00
            chaen
            {
              DN = /DC=ch/DC=cern/OU=Users/CN=chaen
              DN += /O=DIRAC/CN=chaen-oauth
              CA = /DC=ch/DC=cern/CN=CERN Grid CA
              Email = chaen@example.org
            }
            alice
            {
              DN = /DC=ch/DC=cern/OU=Users/CN=alice
              Email = alice@example.org
              Quota = 500
            }
            bob
            {
              DN = /DC=ch/DC=cern/OU=Users/CN=bob
            }
          }
          Groups
          {
            lhcb_user
            {
              Users = chaen, alice
              Users += bob
              Properties = NormalUser
              VO = lhcb
              JobShare = 200
              AutoUploadProxy = True
            }
            lhcb_admin
            {
              Users = chaen
              Properties = JobAdministrator
              Properties += ProxyManagement, NormalUser
              VO = lhcb
              IdPRole = admin
              VOMSRole = /lhcb/Role=admin
            }
            dteam_user
            {
              Users = alice
              Properties = NormalUser
              VO = dteam
            }
            orphans
            {
              Users = bob
              Properties = NormalUser
            }
          }
          Hosts
          {
            vobox.example.org
            {
              DN = /DC=ch/DC=cern/CN=vobox.example.org
              Properties = TrustedHost, GenericPilot
            }
          }
          VO
          {
            lhcb
            {
              VOMSName = lhcb
            }
            atlas
            {
              VOMSName = atlas
            }
          }
        }
        Operations
        {
          Defaults
          {
            JobDescription
            {
              MaxCPUTime = 600000
              AllowedJobTypes = User, Test, MCSimulation
            }
            Services
            {
              JobMonitoring
              {
                GlobalJobsInfo = False
              }
            }
            Shares
            {
              Priority
              {
                lhcb_user = 1
              }
            }
          }
          lhcb
          {
            InputDataPolicy
            {
              Protocols
              {
                Remote = https, root
              }
            }
          }
        }
        Resources
        {
          Computing
          {
            OSCompatibility
            {
              x86_64-el9 = el9, el8
            }
          }
          Sites
          {
            LCG
            {
              LCG.CERN.cern
              {
                CE = ce1.cern.ch
                CEs
                {
                  ce1.cern.ch
                  {
                    CEType = HTCondorCE
                    Queues
                    {
                      long
                      {
                        maxCPUTime = 2880
                      }
                    }
                  }
                }
              }
            }
          }
          StorageElements
          {
            CERN-DST
            {
              BackendType = EOS
              AccessProtocols = root, https
            }
          }
        }
        WebApp
        {
          Access
          {
            upload = TrustedHost
          }
        }
        """;
}
