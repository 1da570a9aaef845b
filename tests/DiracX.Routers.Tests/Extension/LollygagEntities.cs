namespace DiracX.Routers.Tests.Extension;

/// <summary>An owner, in the test extension's own database (as DiracX's gubbins LollygagDB).</summary>
public sealed class Owner
{
    public int OwnerID { get; set; }

    public required string Name { get; set; }
}

/// <summary>A car, in a second context of the test extension: used to prove one transaction spans contexts.</summary>
public sealed class Car
{
    public required string LicensePlate { get; set; }

    public required string Model { get; set; }

    public int OwnerID { get; set; }
}
