using DiracX.Db.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace DiracX.Routers.Tests.Extension;

/// <summary>The test extension's own database: its tables and migrations history live in schema <c>lollygagdb</c>.</summary>
/// <remarks><c>dotnet ef migrations add X --context LollygagDbContext --output-dir Extension/Migrations/Lollygag</c></remarks>
public sealed class LollygagDbContext(DbContextOptions<LollygagDbContext> options, DbUnitOfWork? unitOfWork = null)
    : DiracXDbContext(options, unitOfWork)
{
    public const string Name = "lollygagdb";

    public override string DbName => Name;

    public DbSet<Owner> Owners => Set<Owner>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<Owner>(e =>
        {
            e.ToTable("Owners");
            e.HasKey(o => o.OwnerID);
            e.Property(o => o.OwnerID).HasColumnName("OwnerID");
            e.Property(o => o.Name).HasColumnName("Name").HasMaxLength(64);
            e.HasIndex(o => o.Name).IsUnique();
        });
    }
}

/// <summary>A second context of the test extension, in schema <c>garagedb</c>.</summary>
public sealed class GarageDbContext(DbContextOptions<GarageDbContext> options, DbUnitOfWork? unitOfWork = null)
    : DiracXDbContext(options, unitOfWork)
{
    public const string Name = "garagedb";

    public override string DbName => Name;

    public DbSet<Car> Cars => Set<Car>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<Car>(e =>
        {
            e.ToTable("Cars");
            e.HasKey(c => c.LicensePlate);
            e.Property(c => c.LicensePlate).HasColumnName("LicensePlate").HasMaxLength(16);
            e.Property(c => c.Model).HasColumnName("Model").HasMaxLength(64);
            e.Property(c => c.OwnerID).HasColumnName("OwnerID");
        });
    }
}

/// <summary>Lets <c>dotnet ef</c> create the contexts without a running host.</summary>
public sealed class LollygagDesignTimeFactory : IDesignTimeDbContextFactory<LollygagDbContext>
{
    public LollygagDbContext CreateDbContext(string[] args) => new(DesignTimeOptions.For<LollygagDbContext>(LollygagDbContext.Name));
}

/// <summary>Lets <c>dotnet ef</c> create the contexts without a running host.</summary>
public sealed class GarageDesignTimeFactory : IDesignTimeDbContextFactory<GarageDbContext>
{
    public GarageDbContext CreateDbContext(string[] args) => new(DesignTimeOptions.For<GarageDbContext>(GarageDbContext.Name));
}
