using Microsoft.EntityFrameworkCore;

namespace DiracX.Db.Infrastructure;

/// <summary>
/// The base of every DiracX DbContext: it lives in its own schema, keeps its own migrations-history table there, and
/// joins the request's transaction when one is open on its connection.
/// </summary>
public abstract class DiracXDbContext : DbContext
{
    /// <summary>Creates the context; joins the unit of work's transaction when there is one.</summary>
    protected DiracXDbContext(DbContextOptions options, DbUnitOfWork? unitOfWork) : base(options)
    {
        unitOfWork?.Enlist(this);
    }

    /// <summary>The DiracX database this context belongs to (one of <see cref="DbNames"/>, or an extension's).</summary>
    public abstract string DbName { get; }

    /// <summary>The schema of this context's tables; by default the database name.</summary>
    public virtual string Schema => DbName;

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        base.OnModelCreating(modelBuilder);
    }
}
