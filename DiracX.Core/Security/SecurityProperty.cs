namespace DiracX.Core.Security;

/// <summary>
/// The security properties DiracX knows (DiracX <c>core/properties.py</c>). Groups grant them to their users and
/// access policies check them. Extensions add their own through <see cref="SecurityPropertyRegistry.Add"/>.
/// </summary>
public static class SecurityProperty
{
    /// <summary>A host property: a host may forward credentials in an RPC call.</summary>
    public const string TrustedHost = "TrustedHost";
    /// <summary>Normal user operations.</summary>
    public const string NormalUser = "NormalUser";
    /// <summary>May edit the Configuration Service.</summary>
    public const string CSAdministrator = "CSAdministrator";
    /// <summary>Job sharing among members of a group.</summary>
    public const string JobSharing = "JobSharing";
    /// <summary>DIRAC service administrator.</summary>
    public const string ServiceAdministrator = "ServiceAdministrator";
    /// <summary>May manipulate everybody's jobs.</summary>
    public const string JobAdministrator = "JobAdministrator";
    /// <summary>May get job monitoring information.</summary>
    public const string JobMonitor = "JobMonitor";
    /// <summary>May see accounting data for all groups.</summary>
    public const string AccountingMonitor = "AccountingMonitor";
    /// <summary>Private pilot.</summary>
    public const string Pilot = "Pilot";
    /// <summary>Generic pilot.</summary>
    public const string GenericPilot = "GenericPilot";
    /// <summary>Site manager.</summary>
    public const string SiteManager = "SiteManager";
    /// <summary>User, group and VO registry management.</summary>
    public const string UserManager = "UserManager";
    /// <summary>Operator.</summary>
    public const string Operator = "Operator";
    /// <summary>May get fully delegated proxies.</summary>
    public const string FullDelegation = "FullDelegation";
    /// <summary>May get only limited proxies (pilots).</summary>
    public const string LimitedDelegation = "LimitedDelegation";
    /// <summary>May get only limited proxies for oneself.</summary>
    public const string PrivateLimitedDelegation = "PrivateLimitedDelegation";
    /// <summary>May manage proxies (and everybody's refresh tokens).</summary>
    public const string ProxyManagement = "ProxyManagement";
    /// <summary>May manage productions.</summary>
    public const string ProductionManagement = "ProductionManagement";
    /// <summary>May approve production requests on behalf of the PPG.</summary>
    public const string PPGAuthority = "PPGAuthority";
    /// <summary>Bookkeeping management.</summary>
    public const string BookkeepingManagement = "BookkeepingManagement";
    /// <summary>May set notifications and manage alarms.</summary>
    public const string AlarmsManagement = "AlarmsManagement";
    /// <summary>File catalog root user.</summary>
    public const string FileCatalogManagement = "FileCatalogManagement";
    /// <summary>May stage files.</summary>
    public const string StageAllowed = "StageAllowed";

    /// <summary>Every property above, in DiracX's declaration order.</summary>
    public static IReadOnlyList<string> BuiltIn { get; } =
    [
        TrustedHost, NormalUser, CSAdministrator, JobSharing, ServiceAdministrator, JobAdministrator, JobMonitor,
        AccountingMonitor, Pilot, GenericPilot, SiteManager, UserManager, Operator, FullDelegation, LimitedDelegation,
        PrivateLimitedDelegation, ProxyManagement, ProductionManagement, PPGAuthority, BookkeepingManagement,
        AlarmsManagement, FileCatalogManagement, StageAllowed,
    ];
}
