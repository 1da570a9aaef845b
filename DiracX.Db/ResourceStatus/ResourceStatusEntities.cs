namespace DiracX.Db.ResourceStatus;

/// <summary>The columns DiracX's ResourceStatusDB tables share (<c>sql/rss/schema.py</c>).</summary>
public abstract class StatusRowBase
{
    /// <summary>The site or resource.</summary>
    public string Name { get; set; } = "";
    /// <summary><c>all</c>, or an access of a storage element (ReadAccess, WriteAccess, CheckAccess, RemoveAccess).</summary>
    public string StatusType { get; set; } = "all";
    /// <summary>The VO the row applies to, <c>all</c> for every VO.</summary>
    public string VO { get; set; } = "all";
    /// <summary>Active, Degraded, Probing, Banned, Error or Unknown.</summary>
    public string Status { get; set; } = "";
    /// <summary>Why.</summary>
    public string Reason { get; set; } = "Unspecified";
    /// <summary>Since when the status holds (UTC).</summary>
    public DateTimeOffset? DateEffective { get; set; }
    /// <summary>When the token expires (UTC).</summary>
    public DateTimeOffset? TokenExpiration { get; set; }
    /// <summary>Site, StorageElement, ComputeElement or FTS.</summary>
    public string? ElementType { get; set; }
    /// <summary>When the status was last checked (UTC).</summary>
    public DateTimeOffset? LastCheckTime { get; set; }
    /// <summary>Who holds the token.</summary>
    public string TokenOwner { get; set; } = "rs_svc";
}

/// <summary>A row of a log or history table: the same columns with an id.</summary>
public abstract class StatusLogRowBase : StatusRowBase
{
    /// <summary>The row's id.</summary>
    public long ID { get; set; }
}

/// <summary>A row of <c>SiteStatus</c>.</summary>
public sealed class SiteStatus : StatusRowBase;

/// <summary>A row of <c>ResourceStatus</c>.</summary>
public sealed class ResourceStatusRow : StatusRowBase;

/// <summary>A row of <c>SiteLog</c>.</summary>
public sealed class SiteLog : StatusLogRowBase;

/// <summary>A row of <c>SiteHistory</c>.</summary>
public sealed class SiteHistory : StatusLogRowBase;

/// <summary>A row of <c>ResourceLog</c>.</summary>
public sealed class ResourceLog : StatusLogRowBase;

/// <summary>A row of <c>ResourceHistory</c>.</summary>
public sealed class ResourceHistory : StatusLogRowBase;
