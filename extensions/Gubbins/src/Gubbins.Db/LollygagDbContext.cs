using DiracX.Db.Infrastructure;
using Gubbins.Core;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Gubbins.Db;

/// <summary>LollygagDB: Gubbins' own database, in schema <c>lollygagdb</c> with its own migrations history.</summary>
public sealed class LollygagDbContext(DbContextOptions<LollygagDbContext> options, DbUnitOfWork? unitOfWork = null)
    : DiracXDbContext(options, unitOfWork)
{
    public override string DbName => GubbinsDbNames.LollygagDb;

    public DbSet<Owner> Owners => Set<Owner>();

    public DbSet<Car> Cars => Set<Car>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<Owner>(e =>
        {
            e.ToTable("Owners");
            e.HasKey(o => o.OwnerID);
            e.Property(o => o.Name).HasMaxLength(255);
            e.HasIndex(o => o.Name).IsUnique();
        });
        modelBuilder.Entity<Car>(e =>
        {
            e.ToTable("Cars");
            e.HasKey(c => c.LicensePlate);
            e.Property(c => c.Model).HasMaxLength(255);
            e.HasOne<Owner>().WithMany().HasForeignKey(c => c.OwnerID);
        });
    }
}

/// <summary>Gubbins' table in JobDB: <c>GubbinsInfo</c>, in schema <c>gubbinsjobdb</c> of the JobDB database.</summary>
public sealed class GubbinsJobDbContext(DbContextOptions<GubbinsJobDbContext> options, DbUnitOfWork? unitOfWork = null)
    : DiracXDbContext(options, unitOfWork)
{
    public override string DbName => DiracX.Db.Infrastructure.DbNames.JobDb;

    public override string Schema => GubbinsDbNames.GubbinsJobDbSchema;

    public DbSet<GubbinsInfo> Infos => Set<GubbinsInfo>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<GubbinsInfo>(e =>
        {
            e.ToTable("GubbinsInfo");
            e.HasKey(i => i.JobID);
            e.Property(i => i.JobID).ValueGeneratedNever();
            e.Property(i => i.Info).HasMaxLength(255);
        });
    }
}

/// <summary>Lets <c>dotnet ef</c> create the context without a host.</summary>
public sealed class LollygagDesignTimeFactory : IDesignTimeDbContextFactory<LollygagDbContext>
{
    public LollygagDbContext CreateDbContext(string[] args) => new(DesignTimeOptions.For<LollygagDbContext>(GubbinsDbNames.LollygagDb));
}

/// <summary>Lets <c>dotnet ef</c> create the context without a host.</summary>
public sealed class GubbinsJobDesignTimeFactory : IDesignTimeDbContextFactory<GubbinsJobDbContext>
{
    public GubbinsJobDbContext CreateDbContext(string[] args) => new(DesignTimeOptions.For<GubbinsJobDbContext>(GubbinsDbNames.GubbinsJobDbSchema));
}
