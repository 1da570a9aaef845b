using DiracX.Db.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace DiracX.Db.Jobs;

/// <summary>
/// DiracX's JobDB in schema <c>jobdb</c>, with DiracX's table and column names (<c>"Jobs"."JobID"</c>).
/// Timestamps are <c>timestamptz</c> in UTC. The JDLs are raw zlib bytes in <c>bytea</c> where DiracX keeps
/// base64(zlib) in text: the same compression without base64's third more bytes and encoding work.
/// </summary>
/// <remarks>
/// Migrations: <c>dotnet ef migrations add &lt;Name&gt; --project DiracX.Db --context JobDbContext --output-dir Jobs/Migrations</c>.
/// </remarks>
public sealed class JobDbContext(DbContextOptions<JobDbContext> options, DbUnitOfWork? unitOfWork = null)
    : DiracXDbContext(options, unitOfWork)
{
    /// <inheritdoc />
    public override string DbName => DbNames.JobDb;

    /// <summary>The JDLs (and the JobID generator).</summary>
    public DbSet<JobJdl> JobJDLs => Set<JobJdl>();

    /// <summary>The job attributes.</summary>
    public DbSet<Job> Jobs => Set<Job>();

    /// <summary>The jobs' input LFNs.</summary>
    public DbSet<InputDataEntry> InputData => Set<InputDataEntry>();

    /// <summary>Commands waiting for the jobs' next heartbeat.</summary>
    public DbSet<JobCommand> JobCommands => Set<JobCommand>();

    /// <summary>Heartbeat values.</summary>
    public DbSet<HeartBeatLoggingInfo> HeartBeatLoggingInfo => Set<HeartBeatLoggingInfo>();

    /// <summary>The job parameters, one JSON document per job.</summary>
    public DbSet<JobParametersDocument> JobParameters => Set<JobParametersDocument>();

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        JobDbModel.Configure(modelBuilder);
    }
}

/// <summary>Lets <c>dotnet ef</c> create <see cref="JobDbContext"/> without a host.</summary>
public sealed class JobDbDesignTimeFactory : IDesignTimeDbContextFactory<JobDbContext>
{
    /// <inheritdoc />
    public JobDbContext CreateDbContext(string[] args) => new(DesignTimeOptions.For<JobDbContext>(DbNames.JobDb));
}
