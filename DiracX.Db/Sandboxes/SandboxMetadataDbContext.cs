using DiracX.Db.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace DiracX.Db.Sandboxes;

/// <summary>DiracX's SandboxMetadataDB in schema <c>sandboxmetadatadb</c>, with DIRAC's <c>sb_*</c> tables.</summary>
/// <remarks>
/// Migrations: <c>dotnet ef migrations add &lt;Name&gt; --project DiracX.Db --context SandboxMetadataDbContext --output-dir Sandboxes/Migrations</c>.
/// </remarks>
public sealed class SandboxMetadataDbContext(DbContextOptions<SandboxMetadataDbContext> options, DbUnitOfWork? unitOfWork = null)
    : DiracXDbContext(options, unitOfWork)
{
    /// <inheritdoc />
    public override string DbName => DbNames.SandboxMetadataDb;

    /// <summary>The owners.</summary>
    public DbSet<SandboxOwner> Owners => Set<SandboxOwner>();

    /// <summary>The sandboxes.</summary>
    public DbSet<Sandbox> Sandboxes => Set<Sandbox>();

    /// <summary>The sandbox-to-job mappings.</summary>
    public DbSet<SandboxEntityMapping> EntityMappings => Set<SandboxEntityMapping>();

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<SandboxOwner>(e =>
        {
            e.ToTable("sb_Owners");
            e.HasKey(o => o.OwnerID);
            e.Property(o => o.OwnerID).UseIdentityByDefaultColumn();
            e.Property(o => o.Owner).HasMaxLength(32);
            e.Property(o => o.OwnerGroup).HasMaxLength(32);
            e.Property(o => o.VO).HasMaxLength(64);
            e.HasIndex(o => new { o.Owner, o.OwnerGroup, o.VO }).IsUnique();
        });
        modelBuilder.Entity<Sandbox>(e =>
        {
            e.ToTable("sb_SandBoxes");
            e.HasKey(s => s.SBId);
            e.Property(s => s.SBId).UseIdentityByDefaultColumn();
            e.Property(s => s.SEName).HasMaxLength(64);
            e.Property(s => s.SEPFN).HasMaxLength(512);
            e.Property(s => s.Assigned).HasDefaultValue(false);
            e.HasOne<SandboxOwner>().WithMany().HasForeignKey(s => s.OwnerId);
            e.HasIndex(s => s.OwnerId);
            // DIRAC's "Location" unique key: a PFN is registered once per storage element.
            e.HasIndex(s => new { s.SEName, s.SEPFN }, "Location").IsUnique();
            // The clean-up's selection of old unassigned sandboxes (DiracX's idx_assigned_lastaccesstime).
            e.HasIndex(s => new { s.Assigned, s.LastAccessTime }, "idx_assigned_lastaccesstime");
        });
        modelBuilder.Entity<SandboxEntityMapping>(e =>
        {
            e.ToTable("sb_EntityMapping");
            e.HasKey(m => new { m.SBId, m.EntityId, m.Type });
            e.Property(m => m.EntityId).HasMaxLength(128);
            e.Property(m => m.Type).HasMaxLength(64);
            e.HasOne<Sandbox>().WithMany().HasForeignKey(m => m.SBId).OnDelete(DeleteBehavior.Cascade);
            // A job's sandboxes (lookups and unassignment by job).
            e.HasIndex(m => m.EntityId, "EntityIdIndex");
        });
    }
}

/// <summary>Lets <c>dotnet ef</c> create <see cref="SandboxMetadataDbContext"/> without a host.</summary>
public sealed class SandboxMetadataDbDesignTimeFactory : IDesignTimeDbContextFactory<SandboxMetadataDbContext>
{
    /// <inheritdoc />
    public SandboxMetadataDbContext CreateDbContext(string[] args) => new(DesignTimeOptions.For<SandboxMetadataDbContext>(DbNames.SandboxMetadataDb));
}
