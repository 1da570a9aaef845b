namespace Gubbins.Db;

/// <summary>An owner (DiracX's gubbins LollygagDB <c>Owners</c>).</summary>
public sealed class Owner
{
    public int OwnerID { get; set; }

    public DateTimeOffset CreationTime { get; set; }

    public required string Name { get; set; }
}

/// <summary>A car of an owner (LollygagDB <c>Cars</c>).</summary>
public sealed class Car
{
    public int LicensePlate { get; set; }

    public required string Model { get; set; }

    public int OwnerID { get; set; }
}

/// <summary>Gubbins' information about a job (gubbins' <c>GubbinsInfo</c>, keyed to JobDB's <c>Jobs.JobID</c>).</summary>
public sealed class GubbinsInfo
{
    public long JobID { get; set; }

    public required string Info { get; set; }
}
