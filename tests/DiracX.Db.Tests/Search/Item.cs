namespace DiracX.Db.Tests.Search;

/// <summary>A seeded row of the test table; expectations are computed from these with LINQ.</summary>
public sealed record Item(int ItemId, string Owner, string OwnerGroup, string Status, string? Site, int Priority, double Score,
    bool Flag, DateTimeOffset SubmissionTime)
{
    /// <summary>100 rows shaped like DiracX's populated_job_db: owner0..owner99, two groups, dates one day apart from 2024-01-01T00:00:00.250Z.</summary>
    public static IReadOnlyList<Item> All { get; } = [.. Enumerable.Range(1, 100).Select(i => new Item(
        i,
        $"owner{i - 1}",
        i <= 50 ? "owner_group1" : "owner_group2",
        (i % 3) switch { 0 => "Done", 1 => "Running", _ => "Waiting" },
        i % 10 == 0 ? null : $"Site_{i % 4}",
        i % 5,
        i * 0.5,
        i % 2 == 0,
        new DateTimeOffset(2024, 1, 1, 0, 0, 0, 250, TimeSpan.Zero).AddDays(i - 1)))];
}
