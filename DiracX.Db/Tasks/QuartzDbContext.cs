using DiracX.Db.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace DiracX.Db.Tasks;

/// <summary>
/// Quartz.NET's clustered job store (the periodic clock of DiracX.Tasks) in its own schema <c>quartz</c> of TaskDB.
/// The context has no entities: its migrations run the schema script embedded in the Quartz package, so the tables are
/// created by the migration service like every other schema, never by Quartz at start-up.
/// </summary>
public sealed class QuartzDbContext(DbContextOptions<QuartzDbContext> options, DbUnitOfWork? unitOfWork = null)
    : DiracXDbContext(options, unitOfWork)
{
    /// <summary>The schema of Quartz's tables.</summary>
    public const string SchemaName = "quartz";

    /// <summary>The table prefix Quartz is configured with (<c>quartz.qrtz_</c>).</summary>
    public const string TablePrefix = SchemaName + ".qrtz_";

    /// <inheritdoc />
    public override string DbName => DbNames.TaskDb;

    /// <inheritdoc />
    public override string Schema => SchemaName;

    /// <summary>Quartz's PostgreSQL schema script for <see cref="TablePrefix"/>, split into statements.</summary>
    public static IReadOnlyList<string> SchemaStatements()
    {
        var assembly = typeof(Quartz.IScheduler).Assembly;
        using var stream = assembly.GetManifestResourceStream("Quartz.Impl.AdoJobStore.Schema.create_postgres.sql")
            ?? throw new InvalidOperationException("Quartz's PostgreSQL schema script is not embedded in this Quartz version");
        using var reader = new StreamReader(stream);
        var script = reader.ReadToEnd().Replace("{0}", TablePrefix, StringComparison.Ordinal).Replace("{1}", "qrtz_", StringComparison.Ordinal);
        return [.. script.Split("\n--;;", StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Where(s => s.Split('\n').Any(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith("--", StringComparison.Ordinal)))];
    }
}

/// <summary><c>dotnet ef</c>'s factory for <see cref="QuartzDbContext"/>.</summary>
public sealed class QuartzDbDesignTimeFactory : IDesignTimeDbContextFactory<QuartzDbContext>
{
    /// <inheritdoc />
    public QuartzDbContext CreateDbContext(string[] args) => new(DesignTimeOptions.For<QuartzDbContext>(QuartzDbContext.SchemaName));
}
