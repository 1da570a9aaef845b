using DiracX.Db.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace DiracX.Db.ResourceStatus;

/// <summary>
/// DiracX's ResourceStatusDB in schema <c>resourcestatusdb</c>, with DiracX's names: the current statuses
/// (<c>SiteStatus</c>, <c>ResourceStatus</c>, keyed by name, status type and VO) and their logs and histories.
/// </summary>
/// <remarks>
/// Migrations: <c>dotnet ef migrations add &lt;Name&gt; --project DiracX.Db --context ResourceStatusDbContext --output-dir ResourceStatus/Migrations</c>.
/// </remarks>
public sealed class ResourceStatusDbContext(DbContextOptions<ResourceStatusDbContext> options, DbUnitOfWork? unitOfWork = null)
    : DiracXDbContext(options, unitOfWork)
{
    /// <summary>DiracX's TokenExpiration default.</summary>
    public static readonly DateTimeOffset NoExpiration = new(9999, 12, 31, 0, 0, 0, TimeSpan.Zero);

    /// <inheritdoc />
    public override string DbName => DbNames.ResourceStatusDb;

    /// <summary>The sites' statuses.</summary>
    public DbSet<SiteStatus> SiteStatus => Set<SiteStatus>();

    /// <summary>The resources' statuses.</summary>
    public DbSet<ResourceStatusRow> ResourceStatus => Set<ResourceStatusRow>();

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        Current<SiteStatus>(modelBuilder, "SiteStatus");
        Current<ResourceStatusRow>(modelBuilder, "ResourceStatus");
        Logged<SiteLog>(modelBuilder, "SiteLog");
        Logged<SiteHistory>(modelBuilder, "SiteHistory");
        Logged<ResourceLog>(modelBuilder, "ResourceLog");
        Logged<ResourceHistory>(modelBuilder, "ResourceHistory");
    }

    private static void Current<T>(ModelBuilder modelBuilder, string table) where T : StatusRowBase =>
        modelBuilder.Entity<T>(e =>
        {
            e.ToTable(table);
            e.HasKey(r => new { r.Name, r.StatusType, r.VO });
            Columns(e);
        });

    private static void Logged<T>(ModelBuilder modelBuilder, string table) where T : StatusLogRowBase =>
        modelBuilder.Entity<T>(e =>
        {
            e.ToTable(table);
            e.HasKey(r => r.ID);
            e.Property(r => r.ID).UseIdentityByDefaultColumn();
            Columns(e);
        });

    private static void Columns<T>(Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<T> e) where T : StatusRowBase
    {
        e.Property(r => r.Name).HasMaxLength(64);
        e.Property(r => r.StatusType).HasMaxLength(128).HasDefaultValue("all");
        e.Property(r => r.VO).HasMaxLength(64).HasDefaultValue("all");
        e.Property(r => r.Status).HasMaxLength(8).HasDefaultValue("");
        e.Property(r => r.Reason).HasMaxLength(512).HasDefaultValue("Unspecified");
        e.Property(r => r.TokenExpiration).HasDefaultValue(NoExpiration);
        e.Property(r => r.ElementType).HasMaxLength(32);
        e.Property(r => r.TokenOwner).HasMaxLength(16).HasDefaultValue("rs_svc");
    }
}

/// <summary>Lets <c>dotnet ef</c> create <see cref="ResourceStatusDbContext"/> without a host.</summary>
public sealed class ResourceStatusDbDesignTimeFactory : IDesignTimeDbContextFactory<ResourceStatusDbContext>
{
    /// <inheritdoc />
    public ResourceStatusDbContext CreateDbContext(string[] args) => new(DesignTimeOptions.For<ResourceStatusDbContext>(DbNames.ResourceStatusDb));
}
