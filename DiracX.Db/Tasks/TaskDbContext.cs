using DiracX.Db.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace DiracX.Db.Tasks;

/// <summary>
/// TaskDB in schema <c>taskdb</c>: the runs of tasks (the outbox that routers write in their transaction, the state
/// of each run, and the dead-letter list of failed runs), the stored periodic schedules and the rate-limit windows.
/// </summary>
/// <remarks>
/// Migrations: <c>dotnet ef migrations add &lt;Name&gt; --project DiracX.Db --context TaskDbContext --output-dir Tasks/Migrations</c>.
/// </remarks>
public sealed class TaskDbContext(DbContextOptions<TaskDbContext> options, DbUnitOfWork? unitOfWork = null)
    : DiracXDbContext(options, unitOfWork)
{
    /// <inheritdoc />
    public override string DbName => DbNames.TaskDb;

    /// <summary>The runs.</summary>
    public DbSet<TaskRunEntity> Runs => Set<TaskRunEntity>();

    /// <summary>The periodic schedules.</summary>
    public DbSet<TaskScheduleEntity> Schedules => Set<TaskScheduleEntity>();

    /// <summary>The rate-limit windows (PostgreSQL limiter).</summary>
    public DbSet<TaskRateWindowEntity> RateWindows => Set<TaskRateWindowEntity>();

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<TaskRunEntity>(e =>
        {
            e.ToTable("task_runs");
            e.HasKey(r => r.Id);
            e.Property(r => r.Id).HasColumnName("id").UseIdentityByDefaultColumn();
            e.Property(r => r.TaskName).HasColumnName("task_name").HasMaxLength(255);
            e.Property(r => r.Args).HasColumnName("args").HasColumnType("jsonb");
            e.Property(r => r.ArgsVersion).HasColumnName("args_version");
            e.Property(r => r.Priority).HasColumnName("priority");
            e.Property(r => r.State).HasColumnName("state").HasMaxLength(16);
            e.Property(r => r.Attempt).HasColumnName("attempt");
            e.Property(r => r.RunAt).HasColumnName("run_at");
            e.Property(r => r.ScheduledFor).HasColumnName("scheduled_for");
            e.Property(r => r.EnqueuedAt).HasColumnName("enqueued_at");
            e.Property(r => r.StartedAt).HasColumnName("started_at");
            e.Property(r => r.FinishedAt).HasColumnName("finished_at");
            e.Property(r => r.LeaseUntil).HasColumnName("lease_until");
            e.Property(r => r.LeaseToken).HasColumnName("lease_token");
            e.Property(r => r.Node).HasColumnName("node").HasMaxLength(255);
            e.Property(r => r.ScheduleKey).HasColumnName("schedule_key").HasMaxLength(255);
            e.Property(r => r.Error).HasColumnName("error");
            e.Property(r => r.TraceParent).HasColumnName("traceparent").HasMaxLength(64);
            // One run per periodic slot, whichever node fires it.
            e.HasIndex(r => new { r.ScheduleKey, r.ScheduledFor }, "task_runs_slot").IsUnique().HasFilter("schedule_key IS NOT NULL");
            // What the workers claim: pending runs by priority and due time.
            e.HasIndex(r => new { r.State, r.Priority, r.RunAt }, "task_runs_due");
        });
        modelBuilder.Entity<TaskScheduleEntity>(e =>
        {
            e.ToTable("task_schedules");
            e.HasKey(s => s.Key);
            e.Property(s => s.Key).HasColumnName("key").HasMaxLength(255);
            e.Property(s => s.TaskName).HasColumnName("task_name").HasMaxLength(255);
            e.Property(s => s.Vo).HasColumnName("vo").HasMaxLength(64);
            e.Property(s => s.Schedule).HasColumnName("schedule").HasMaxLength(255);
            e.Property(s => s.Paused).HasColumnName("paused");
            e.Property(s => s.UpdatedAt).HasColumnName("updated_at");
        });
        modelBuilder.Entity<TaskRateWindowEntity>(e =>
        {
            e.ToTable("task_rate_windows");
            e.HasKey(w => new { w.Key, w.WindowStart });
            e.Property(w => w.Key).HasColumnName("key").HasMaxLength(255);
            e.Property(w => w.WindowStart).HasColumnName("window_start");
            e.Property(w => w.Count).HasColumnName("count");
        });
    }
}

/// <summary><c>dotnet ef</c>'s factory for <see cref="TaskDbContext"/>.</summary>
public sealed class TaskDbDesignTimeFactory : IDesignTimeDbContextFactory<TaskDbContext>
{
    /// <inheritdoc />
    public TaskDbContext CreateDbContext(string[] args) => new(DesignTimeOptions.For<TaskDbContext>(DbNames.TaskDb));
}
