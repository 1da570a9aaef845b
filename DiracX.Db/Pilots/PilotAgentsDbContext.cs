using DiracX.Db.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace DiracX.Db.Pilots;

/// <summary>
/// DiracX's PilotAgentsDB in schema <c>pilotagentsdb</c>, with DiracX's table and column names. Unlike DiracX,
/// <c>PilotStamp</c> has a unique index: stamps are looked up on every pilot call, and registration relies on the
/// index for uniqueness (docs/quirks.md). <c>JobToPilotMapping</c> has its pair as primary key, so linking a job twice is
/// harmless, and no foreign keys, as in DiracX (jobs live in another database).
/// </summary>
/// <remarks>
/// Migrations: <c>dotnet ef migrations add &lt;Name&gt; --project DiracX.Db --context PilotAgentsDbContext --output-dir Pilots/Migrations</c>.
/// </remarks>
public sealed class PilotAgentsDbContext(DbContextOptions<PilotAgentsDbContext> options, DbUnitOfWork? unitOfWork = null)
    : DiracXDbContext(options, unitOfWork)
{
    /// <inheritdoc />
    public override string DbName => DbNames.PilotAgentsDb;

    /// <summary>The pilots.</summary>
    public DbSet<PilotAgent> PilotAgents => Set<PilotAgent>();

    /// <summary>Which jobs each pilot ran.</summary>
    public DbSet<JobToPilotMapping> JobToPilotMapping => Set<JobToPilotMapping>();

    /// <summary>The pilots' outputs.</summary>
    public DbSet<PilotOutput> PilotOutput => Set<PilotOutput>();

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<PilotAgent>(e =>
        {
            e.ToTable("PilotAgents");
            e.HasKey(p => p.PilotID);
            e.Property(p => p.PilotID).UseIdentityByDefaultColumn();
            e.Property(p => p.InitialJobID).HasDefaultValue(0L);
            e.Property(p => p.CurrentJobID).HasDefaultValue(0L);
            e.Property(p => p.PilotJobReference).HasMaxLength(255).HasDefaultValue("Unknown");
            e.Property(p => p.PilotStamp).HasMaxLength(32).HasDefaultValue("");
            e.Property(p => p.DestinationSite).HasMaxLength(128).HasDefaultValue("NotAssigned");
            e.Property(p => p.Queue).HasMaxLength(128).HasDefaultValue("Unknown");
            e.Property(p => p.GridSite).HasMaxLength(128).HasDefaultValue("Unknown");
            e.Property(p => p.VO).HasMaxLength(128);
            e.Property(p => p.GridType).HasMaxLength(32).HasDefaultValue("LCG");
            e.Property(p => p.BenchMark).HasDefaultValue(0.0);
            e.Property(p => p.Status).HasMaxLength(32).HasDefaultValue("Unknown");
            e.Property(p => p.StatusReason).HasMaxLength(255).HasDefaultValue("Unknown");
            e.Property(p => p.AccountingSent).HasDefaultValue(false);
            e.HasIndex(p => p.PilotStamp).IsUnique();
            e.HasIndex(p => p.PilotJobReference);
            e.HasIndex(p => p.Status);
            e.HasIndex(p => new { p.GridSite, p.DestinationSite, p.Status });
            e.HasIndex(p => new { p.DestinationSite, p.Queue, p.Status });
            // The search engine's VO scoping and its PilotID tie-breaker.
            e.HasIndex(p => new { p.VO, p.PilotID });
        });
        modelBuilder.Entity<JobToPilotMapping>(e =>
        {
            e.ToTable("JobToPilotMapping");
            e.HasKey(m => new { m.PilotID, m.JobID });
            e.HasIndex(m => m.JobID);
        });
        modelBuilder.Entity<PilotOutput>(e =>
        {
            e.ToTable("PilotOutput");
            e.HasKey(o => o.PilotID);
            e.Property(o => o.PilotID).ValueGeneratedNever();
        });
    }
}

/// <summary>Lets <c>dotnet ef</c> create <see cref="PilotAgentsDbContext"/> without a host.</summary>
public sealed class PilotAgentsDbDesignTimeFactory : IDesignTimeDbContextFactory<PilotAgentsDbContext>
{
    /// <inheritdoc />
    public PilotAgentsDbContext CreateDbContext(string[] args) => new(DesignTimeOptions.For<PilotAgentsDbContext>(DbNames.PilotAgentsDb));
}
