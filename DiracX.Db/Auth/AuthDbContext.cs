using DiracX.Db.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace DiracX.Db.Auth;

/// <summary>
/// DiracX's AuthDB in schema <c>authdb</c>: device flows, authorization flows and refresh tokens, with DiracX's table
/// and column names. Statuses are stored as their upper-case names, as DiracX's enum columns are.
/// </summary>
/// <remarks>
/// Migrations: <c>dotnet ef migrations add &lt;Name&gt; --project DiracX.Db --context AuthDbContext --output-dir Auth/Migrations</c>.
/// </remarks>
public sealed class AuthDbContext(DbContextOptions<AuthDbContext> options, DbUnitOfWork? unitOfWork = null)
    : DiracXDbContext(options, unitOfWork)
{
    /// <inheritdoc />
    public override string DbName => DbNames.AuthDb;

    /// <summary>Device flows.</summary>
    public DbSet<DeviceFlow> DeviceFlows => Set<DeviceFlow>();

    /// <summary>Authorization-code flows.</summary>
    public DbSet<AuthorizationFlow> AuthorizationFlows => Set<AuthorizationFlow>();

    /// <summary>Refresh tokens.</summary>
    public DbSet<RefreshToken> RefreshTokens => Set<RefreshToken>();

    /// <inheritdoc />
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<DeviceFlow>(e =>
        {
            e.ToTable("DeviceFlows");
            e.HasKey(f => f.UserCode);
            e.Property(f => f.UserCode).HasMaxLength(AuthDb.UserCodeLength);
            e.Property(f => f.Status).HasConversion(new UpperCaseEnumConverter<FlowStatus>()).HasMaxLength(8);
            e.Property(f => f.ClientID).HasMaxLength(255);
            e.Property(f => f.Scope).HasMaxLength(1024);
            e.Property(f => f.DeviceCode).HasMaxLength(128);
            e.HasIndex(f => f.DeviceCode).IsUnique();
            e.Property(f => f.IDToken).HasColumnType("jsonb");
        });
        modelBuilder.Entity<AuthorizationFlow>(e =>
        {
            e.ToTable("AuthorizationFlows");
            e.HasKey(f => f.UUID);
            e.Property(f => f.UUID).ValueGeneratedNever();
            e.Property(f => f.Status).HasConversion(new UpperCaseEnumConverter<FlowStatus>()).HasMaxLength(8);
            e.Property(f => f.ClientID).HasMaxLength(255);
            e.Property(f => f.Scope).HasMaxLength(1024);
            e.Property(f => f.CodeChallenge).HasMaxLength(255);
            e.Property(f => f.CodeChallengeMethod).HasMaxLength(8);
            e.Property(f => f.RedirectURI).HasMaxLength(255);
            e.Property(f => f.Code).HasMaxLength(255);
            e.HasIndex(f => f.Code).IsUnique();
            e.Property(f => f.IDToken).HasColumnType("jsonb");
        });
        modelBuilder.Entity<RefreshToken>(e =>
        {
            e.ToTable("RefreshTokens");
            e.HasKey(t => t.JTI);
            e.Property(t => t.JTI).ValueGeneratedNever();
            e.Property(t => t.Status).HasConversion(new UpperCaseEnumConverter<RefreshTokenStatus>()).HasMaxLength(8);
            e.Property(t => t.Scope).HasMaxLength(1024);
            e.Property(t => t.Sub).HasMaxLength(256);
            e.HasIndex(t => t.Sub);
            e.HasIndex(t => new { t.Status, t.Sub }).HasDatabaseName("index_status_sub");
            e.HasIndex(t => t.ExpiresAt);
        });
    }

    /// <summary>Stores an enum as its upper-case name (<c>PENDING</c>), as DiracX's enum columns do.</summary>
    private sealed class UpperCaseEnumConverter<TEnum>() : Microsoft.EntityFrameworkCore.Storage.ValueConversion.ValueConverter<TEnum, string>(
        v => v.ToString().ToUpperInvariant(),
        v => Enum.Parse<TEnum>(v, true))
        where TEnum : struct, Enum;
}

/// <summary>Lets <c>dotnet ef</c> create <see cref="AuthDbContext"/> without a host.</summary>
public sealed class AuthDbDesignTimeFactory : IDesignTimeDbContextFactory<AuthDbContext>
{
    /// <inheritdoc />
    public AuthDbContext CreateDbContext(string[] args) => new(DesignTimeOptions.For<AuthDbContext>(DbNames.AuthDb));
}
