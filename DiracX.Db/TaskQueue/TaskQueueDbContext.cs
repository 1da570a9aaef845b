using DiracX.Db.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace DiracX.Db.TaskQueue;

/// <summary>DiracX's TaskQueueDB in schema <c>taskqueuedb</c>, with DIRAC's <c>tq_*</c> tables.</summary>
/// <remarks>
/// Migrations: <c>dotnet ef migrations add &lt;Name&gt; --project DiracX.Db --context TaskQueueDbContext --output-dir TaskQueue/Migrations</c>.
/// </remarks>
public sealed class TaskQueueDbContext(DbContextOptions<TaskQueueDbContext> options, DbUnitOfWork? unitOfWork = null)
    : DiracXDbContext(options, unitOfWork)
{
    /// <inheritdoc />
    public override string DbName => DbNames.TaskQueueDb;

    /// <summary>The task queues.</summary>
    public DbSet<TaskQueue> TaskQueues => Set<TaskQueue>();

    /// <summary>The queued jobs.</summary>
    public DbSet<TaskQueueJob> Jobs => Set<TaskQueueJob>();

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<TaskQueue>(e =>
        {
            e.ToTable("tq_TaskQueues");
            e.HasKey(q => q.TQId);
            e.Property(q => q.TQId).UseIdentityByDefaultColumn();
            e.Property(q => q.Owner).HasMaxLength(255);
            e.Property(q => q.OwnerGroup).HasMaxLength(32);
            e.Property(q => q.VO).HasMaxLength(32);
            e.Property(q => q.Enabled).HasDefaultValue(false);
            // DIRAC's TQOwner: finding the queue of a job's owner and CPU segment.
            e.HasIndex(q => new { q.Owner, q.OwnerGroup, q.CPUTime }, "TQOwner");
        });
        modelBuilder.Entity<TaskQueueJob>(e =>
        {
            e.ToTable("tq_Jobs");
            // The key's TQId prefix serves DIRAC's TaskIndex lookups, so that index is not repeated.
            e.HasKey(j => new { j.TQId, j.JobId });
            e.HasOne<TaskQueue>().WithMany().HasForeignKey(j => j.TQId).OnDelete(DeleteBehavior.Cascade);
            // Jobs leave their queue by JobId (status changes, deletions).
            e.HasIndex(j => j.JobId, "JobIdIndex");
        });
        Values<TaskQueueSite>(modelBuilder, "tq_TQToSites", "SitesIndex");
        Values<TaskQueueGridCE>(modelBuilder, "tq_TQToGridCEs", "GridCEsValueIndex");
        Values<TaskQueueBannedSite>(modelBuilder, "tq_TQToBannedSites", "BannedSitesValueIndex");
        Values<TaskQueuePlatform>(modelBuilder, "tq_TQToPlatforms", "PlatformsValueIndex");
        Values<TaskQueueJobType>(modelBuilder, "tq_TQToJobTypes", "JobTypesValueIndex");
        Values<TaskQueueTag>(modelBuilder, "tq_TQToTags", "TagsValueIndex");
    }

    private static void Values<T>(ModelBuilder modelBuilder, string table, string valueIndex) where T : TaskQueueValue =>
        modelBuilder.Entity<T>(e =>
        {
            e.ToTable(table);
            // As tq_Jobs, the key's TQId prefix replaces DIRAC's separate TQId index.
            e.HasKey(v => new { v.TQId, v.Value });
            e.Property(v => v.Value).HasMaxLength(64);
            e.HasOne<TaskQueue>().WithMany().HasForeignKey(v => v.TQId).OnDelete(DeleteBehavior.Cascade);
            // The matcher looks queues up by value (site, platform, tag, ...).
            e.HasIndex(v => v.Value, valueIndex);
        });
}

/// <summary>Lets <c>dotnet ef</c> create <see cref="TaskQueueDbContext"/> without a host.</summary>
public sealed class TaskQueueDbDesignTimeFactory : IDesignTimeDbContextFactory<TaskQueueDbContext>
{
    /// <inheritdoc />
    public TaskQueueDbContext CreateDbContext(string[] args) => new(DesignTimeOptions.For<TaskQueueDbContext>(DbNames.TaskQueueDb));
}
