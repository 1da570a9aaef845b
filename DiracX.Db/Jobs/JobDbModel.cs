using Microsoft.EntityFrameworkCore;

namespace DiracX.Db.Jobs;

/// <summary>The longest values the JobDB columns take (DiracX's column sizes).</summary>
public static class JobColumnLengths
{
    /// <summary>JobType, JobGroup, VO and Status.</summary>
    public const int Code = 32;
    /// <summary>Site.</summary>
    public const int Site = 100;
    /// <summary>JobName, OwnerGroup and MinorStatus.</summary>
    public const int Name = 128;
    /// <summary>Owner.</summary>
    public const int Owner = 64;
    /// <summary>ApplicationStatus and InputData LFN.</summary>
    public const int Text = 255;
}

/// <summary>The JobDB mapping: DiracX's names and sizes, and a lean index set (performance.md §5.3-5.4).</summary>
internal static class JobDbModel
{
    public static void Configure(ModelBuilder model)
    {
        model.Entity<JobJdl>(e =>
        {
            e.ToTable("JobJDLs");
            e.HasKey(j => j.JobID);
            e.Property(j => j.JobID).HasColumnName("JobID").UseIdentityByDefaultColumn();
            e.Property(j => j.JDL).HasColumnName("JDL");
            e.Property(j => j.JobRequirements).HasColumnName("JobRequirements");
            e.Property(j => j.OriginalJDL).HasColumnName("OriginalJDL");
        });
        model.Entity<Job>(ConfigureJobs);
        model.Entity<JobsSummaryRow>(e =>
        {
            e.ToTable(JobsSummaryTable.Name);
            e.HasKey(s => s.Id);
            e.Property(s => s.Id).UseIdentityAlwaysColumn();
            // The upsert's conflict target; the columns outside a row's view are null, hence NULLS NOT DISTINCT.
            e.HasIndex(JobsSummaryTable.KeyColumns, "JobsSummaryKey").IsUnique().AreNullsDistinct(false);
            e.Property(s => s.Status).HasMaxLength(JobColumnLengths.Code);
            e.Property(s => s.MinorStatus).HasMaxLength(JobColumnLengths.Name);
            e.Property(s => s.Site).HasMaxLength(JobColumnLengths.Site);
            e.Property(s => s.Owner).HasMaxLength(JobColumnLengths.Owner);
            e.Property(s => s.OwnerGroup).HasMaxLength(JobColumnLengths.Name);
            e.Property(s => s.VO).HasMaxLength(JobColumnLengths.Code);
            e.Property(s => s.JobGroup).HasMaxLength(JobColumnLengths.Code);
            e.Property(s => s.JobType).HasMaxLength(JobColumnLengths.Code);
        });
        model.Entity<InputDataEntry>(e =>
        {
            e.ToTable("InputData");
            e.HasKey(i => new { i.JobID, i.LFN });
            e.Property(i => i.LFN).HasMaxLength(JobColumnLengths.Text);
            e.Property(i => i.Status).HasMaxLength(JobColumnLengths.Code).HasDefaultValue(JobDefaults.InputDataStatus);
            e.HasOne<Job>().WithMany().HasForeignKey(i => i.JobID).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<JobCommand>(e =>
        {
            e.ToTable("JobCommands");
            e.HasKey(c => new { c.JobID, c.ReceptionTime });
            e.Property(c => c.Command).HasMaxLength(100);
            e.Property(c => c.Arguments).HasMaxLength(100);
            e.Property(c => c.Status).HasMaxLength(64).HasDefaultValue("Received");
            e.HasOne<Job>().WithMany().HasForeignKey(c => c.JobID).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<HeartBeatLoggingInfo>(e =>
        {
            e.ToTable("HeartBeatLoggingInfo");
            e.HasKey(h => new { h.JobID, h.Name, h.HeartBeatTime });
            e.Property(h => h.Name).HasMaxLength(100);
            e.HasOne<Job>().WithMany().HasForeignKey(h => h.JobID).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<JobParametersDocument>(e =>
        {
            e.ToTable("JobParameters");
            e.HasKey(p => p.JobID);
            e.Property(p => p.JobID).ValueGeneratedNever();
            e.Property(p => p.Parameters).HasColumnType("jsonb").HasDefaultValueSql("'{}'::jsonb");
            e.HasOne<Job>().WithMany().HasForeignKey(p => p.JobID).OnDelete(DeleteBehavior.Cascade);
        });
    }

    private static void ConfigureJobs(Microsoft.EntityFrameworkCore.Metadata.Builders.EntityTypeBuilder<Job> e)
    {
        e.ToTable("Jobs", t => t.HasCheckConstraint("CK_Jobs_AccountedFlag", "\"AccountedFlag\" IN ('True', 'False', 'Failed')"));
        e.HasKey(j => j.JobID);
        e.Property(j => j.JobID).ValueGeneratedNever();
        e.HasOne<JobJdl>().WithOne().HasForeignKey<Job>(j => j.JobID).OnDelete(DeleteBehavior.Cascade);
        e.Property(j => j.JobType).HasMaxLength(JobColumnLengths.Code).HasDefaultValue(JobDefaults.JobType);
        e.Property(j => j.JobGroup).HasMaxLength(JobColumnLengths.Code).HasDefaultValue(JobDefaults.JobGroup);
        e.Property(j => j.Site).HasMaxLength(JobColumnLengths.Site).HasDefaultValue(JobDefaults.Site);
        e.Property(j => j.JobName).HasMaxLength(JobColumnLengths.Name).HasDefaultValue(JobDefaults.Unknown);
        e.Property(j => j.Owner).HasMaxLength(JobColumnLengths.Owner).HasDefaultValue(JobDefaults.Unknown);
        e.Property(j => j.OwnerGroup).HasMaxLength(JobColumnLengths.Name).HasDefaultValue(JobDefaults.Unknown);
        e.Property(j => j.VO).HasMaxLength(JobColumnLengths.Code);
        e.Property(j => j.Status).HasMaxLength(JobColumnLengths.Code).HasDefaultValue("Received");
        e.Property(j => j.MinorStatus).HasMaxLength(JobColumnLengths.Name).HasDefaultValue(JobDefaults.Unknown);
        e.Property(j => j.ApplicationStatus).HasMaxLength(JobColumnLengths.Text).HasDefaultValue(JobDefaults.Unknown);
        e.Property(j => j.UserPriority).HasDefaultValue(0);
        e.Property(j => j.RescheduleCounter).HasDefaultValue(0);
        // DiracX maps VerifiedFlag to a Python bool; three-valued AccountedFlag keeps DiracX's stored strings.
        e.Property(j => j.VerifiedFlag).HasDefaultValue(false);
        e.Property(j => j.AccountedFlag).HasConversion<string>().HasMaxLength(6).HasDefaultValue(JobAccountedFlag.False);
        e.Property(j => j.ParameterStatus).HasMaxLength(JobColumnLengths.Code);

        // DiracX has ten single-column indexes; every index on a column that status updates write (Status,
        // MinorStatus, ApplicationStatus, LastUpdateTime) stops updates from being HOT, so the set is kept lean.
        // "My jobs in status X, newest first" (the dominant search, and per-owner summaries): 4.2 ms -> 0.15 ms.
        // VO is an INCLUDE column: a normal user's search is always scoped "VO = ? AND Owner = ? AND Status = ?", and
        // the count stays index-only (VO checked on the index tuple) while the JobID order still comes from the index.
        e.HasIndex(j => new { j.Owner, j.Status, j.JobID }, "OwnerStatusJobID").IncludeProperties(j => j.VO);
        // Status-only searches sorted by JobID (agents, administrators), and the Status prefix for filters; VO
        // included for the same reason (a VO-wide "Status = ?" search of a user without JobAdministrator).
        e.HasIndex(j => new { j.Status, j.JobID }, "StatusJobID").IncludeProperties(j => j.VO);
        // VO-wide searches newest first (an administrator's unfiltered search is scoped to the VO): the page's JobIDs
        // come from this index alone, so a deep page skips index entries instead of heap rows. VO is never updated.
        e.HasIndex(j => new { j.VO, j.JobID }, "VOJobID");
        // DiracX's StatusSite: summaries and monitoring grouped by status and site.
        e.HasIndex(j => new { j.Status, j.Site }, "StatusSite");
        // Stalled-job and cleaning agents scan LastUpdateTime ranges (sargable predicates, diracx#809).
        e.HasIndex(j => j.LastUpdateTime, "LastUpdateTime");
        // Production and bulk-submission searches by JobGroup; selective and never updated.
        e.HasIndex(j => j.JobGroup, "JobGroup");
        // Group-wide searches and summaries (group managers, GlobalJobsInfo off); never updated.
        e.HasIndex(j => j.OwnerGroup, "OwnerGroup");
    }
}
