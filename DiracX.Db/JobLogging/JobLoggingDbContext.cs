using DiracX.Db.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace DiracX.Db.JobLogging;

/// <summary>DiracX's JobLoggingDB in schema <c>jobloggingdb</c>: the status history of jobs.</summary>
/// <remarks>
/// Migrations: <c>dotnet ef migrations add &lt;Name&gt; --project DiracX.Db --context JobLoggingDbContext --output-dir JobLogging/Migrations</c>.
/// </remarks>
public sealed class JobLoggingDbContext(DbContextOptions<JobLoggingDbContext> options, DbUnitOfWork? unitOfWork = null)
    : DiracXDbContext(options, unitOfWork)
{
    /// <summary>The longest StatusSource (longer values are truncated, as DiracX does).</summary>
    public const int StatusSourceLength = 32;

    /// <summary>The longest ApplicationStatus (longer values are truncated, as DiracX does).</summary>
    public const int ApplicationStatusLength = 255;

    /// <inheritdoc />
    public override string DbName => DbNames.JobLoggingDb;

    /// <summary>The status history.</summary>
    public DbSet<LoggingInfo> LoggingInfo => Set<LoggingInfo>();

    /// <summary>The per-job SeqNum counters.</summary>
    public DbSet<LoggingInfoSeqNum> LoggingInfoSeqNums => Set<LoggingInfoSeqNum>();

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<LoggingInfo>(e =>
        {
            e.ToTable("LoggingInfo");
            // The primary key (JobID, SeqNum) serves the only lookups: a job's history, by JobID.
            e.HasKey(l => new { l.JobID, l.SeqNum });
            e.Property(l => l.Status).HasMaxLength(32).HasDefaultValue("");
            e.Property(l => l.MinorStatus).HasMaxLength(128).HasDefaultValue("");
            e.Property(l => l.ApplicationStatus).HasMaxLength(ApplicationStatusLength).HasDefaultValue("");
            e.Property(l => l.StatusTime).HasDefaultValueSql("now()");
            e.Property(l => l.StatusTimeOrder).HasPrecision(12, 3).HasDefaultValue(0m);
            e.Property(l => l.StatusSource).HasMaxLength(StatusSourceLength).HasDefaultValue("Unknown");
        });
        modelBuilder.Entity<LoggingInfoSeqNum>(e =>
        {
            e.ToTable("LoggingInfoSeqNums");
            e.HasKey(s => s.JobID);
            e.Property(s => s.JobID).ValueGeneratedNever();
            e.Property(s => s.LastStatusTimeOrder).HasPrecision(12, 3);
        });
    }
}

/// <summary>Lets <c>dotnet ef</c> create <see cref="JobLoggingDbContext"/> without a host.</summary>
public sealed class JobLoggingDbDesignTimeFactory : IDesignTimeDbContextFactory<JobLoggingDbContext>
{
    /// <inheritdoc />
    public JobLoggingDbContext CreateDbContext(string[] args) => new(DesignTimeOptions.For<JobLoggingDbContext>(DbNames.JobLoggingDb));
}
