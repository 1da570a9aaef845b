namespace DiracX.Db.Sandboxes;

/// <summary>A row of <c>sb_Owners</c>: one (user, group, VO) that owns sandboxes.</summary>
public sealed class SandboxOwner
{
    /// <summary>The owner's id.</summary>
    public int OwnerID { get; set; }
    /// <summary>The user (preferred_username).</summary>
    public string Owner { get; set; } = "";
    /// <summary>The user's DIRAC group.</summary>
    public string OwnerGroup { get; set; } = "";
    /// <summary>The user's VO.</summary>
    public string VO { get; set; } = "";
}

/// <summary>A row of <c>sb_SandBoxes</c>: one sandbox (a tarball on the sandbox store).</summary>
public sealed class Sandbox
{
    /// <summary>The sandbox's id.</summary>
    public long SBId { get; set; }
    /// <summary>Its owner (<see cref="SandboxOwner.OwnerID"/>).</summary>
    public int OwnerId { get; set; }
    /// <summary>The storage element (DIRACX_SANDBOX_STORE_SE_NAME).</summary>
    public string SEName { get; set; } = "";
    /// <summary>The PFN, <c>/S3/&lt;bucket&gt;/&lt;vo&gt;/&lt;group&gt;/&lt;user&gt;/sha256:&lt;hex&gt;.&lt;format&gt;</c>.</summary>
    public string SEPFN { get; set; } = "";
    /// <summary>The size in bytes.</summary>
    public long Bytes { get; set; }
    /// <summary>When it was first registered.</summary>
    public DateTimeOffset RegistrationTime { get; set; }
    /// <summary>When it was last asked for (upload request or download).</summary>
    public DateTimeOffset LastAccessTime { get; set; }
    /// <summary>Whether it has ever been assigned to a job (reset when its last mapping goes).</summary>
    public bool Assigned { get; set; }
}

/// <summary>A row of <c>sb_EntityMapping</c>: a sandbox assigned to an entity (<c>Job:&lt;id&gt;</c>) as Input or Output.</summary>
public sealed class SandboxEntityMapping
{
    /// <summary>The sandbox.</summary>
    public long SBId { get; set; }
    /// <summary>The entity, <c>Job:&lt;id&gt;</c>.</summary>
    public string EntityId { get; set; } = "";
    /// <summary><c>Input</c> or <c>Output</c>.</summary>
    public string Type { get; set; } = "";
}
