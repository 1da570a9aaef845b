using Microsoft.EntityFrameworkCore;

namespace DiracX.Db.Infrastructure;

/// <summary>
/// Options for <c>dotnet ef</c>'s design-time factories: the context's own migrations-history table in its schema, as
/// at run time, and no real server (the tool only needs the model).
/// </summary>
public static class DesignTimeOptions
{
    /// <summary>Options for a context whose schema is <paramref name="schema"/>.</summary>
    public static DbContextOptions<TContext> For<TContext>(string schema) where TContext : DbContext =>
        new DbContextOptionsBuilder<TContext>()
            .UseNpgsql("Host=localhost", o => o.MigrationsHistoryTable("__EFMigrationsHistory", schema)).Options;
}
