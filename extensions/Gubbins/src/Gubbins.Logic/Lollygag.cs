using DiracX.Core.Errors;
using Gubbins.Db;
using Humanizer;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Gubbins.Logic;

/// <summary>Gubbins' lollygag logic (DiracX's gubbins <c>gubbins.logic.lollygag</c>).</summary>
public static class Lollygag
{
    /// <summary>Inserts an owner; returns its id. A second owner of the same name is a conflict.</summary>
    public static async Task<int> InsertOwnerAsync(LollygagDbContext db, string name, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var owner = new Owner { Name = name, CreationTime = time.GetUtcNow() };
        db.Owners.Add(owner);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            throw new DiracException($"Owner {name} already exists", DiracErrorKind.Conflict);
        }
        return owner.OwnerID;
    }

    /// <summary>The owners' names, in alphabetical order.</summary>
    public static Task<List<string>> GetOwnersAsync(LollygagDbContext db, CancellationToken cancellationToken) =>
        db.Owners.OrderBy(o => o.Name).Select(o => o.Name).ToListAsync(cancellationToken);

    /// <summary>How many owners there are, in words ("two owners"): Humanizer is a private dependency of the extension.</summary>
    public static async Task<string> SummaryAsync(LollygagDbContext db, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        var count = await db.Owners.CountAsync(cancellationToken);
        return "owner".ToQuantity(count, ShowQuantityAs.Words);
    }

    /// <summary>Removes the owners without a car created before <paramref name="before"/> (the periodic clean-up).</summary>
    public static Task<int> RemoveOwnersWithoutCarsAsync(LollygagDbContext db, DateTimeOffset before, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Owners.Where(o => o.CreationTime < before && !db.Cars.Any(c => c.OwnerID == o.OwnerID)).ExecuteDeleteAsync(cancellationToken);
    }
}
