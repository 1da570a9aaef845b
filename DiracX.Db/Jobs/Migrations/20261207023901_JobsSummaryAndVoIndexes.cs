using DiracX.Db.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DiracX.Db.Jobs.Migrations
{
    /// <inheritdoc />
    public partial class JobsSummaryAndVoIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "OwnerStatusJobID",
                schema: "jobdb",
                table: "Jobs");

            migrationBuilder.DropIndex(
                name: "StatusJobID",
                schema: "jobdb",
                table: "Jobs");

            migrationBuilder.CreateTable(
                name: "JobsSummary",
                schema: "jobdb",
                columns: table => new
                {
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    MinorStatus = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    Site = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Owner = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    OwnerGroup = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    VO = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    JobGroup = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    JobType = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Count = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_JobsSummary", x => new { x.Status, x.MinorStatus, x.Site, x.Owner, x.OwnerGroup, x.VO, x.JobGroup, x.JobType });
                });

            migrationBuilder.CreateIndex(
                name: "OwnerStatusJobID",
                schema: "jobdb",
                table: "Jobs",
                columns: new[] { "Owner", "Status", "JobID" })
                .Annotation("Npgsql:IndexInclude", new[] { "VO" });

            migrationBuilder.CreateIndex(
                name: "StatusJobID",
                schema: "jobdb",
                table: "Jobs",
                columns: new[] { "Status", "JobID" })
                .Annotation("Npgsql:IndexInclude", new[] { "VO" });

            migrationBuilder.CreateIndex(
                name: "VOJobID",
                schema: "jobdb",
                table: "Jobs",
                columns: new[] { "VO", "JobID" });

            // The triggers that keep JobsSummary exact, and its initial content from the jobs already there.
            migrationBuilder.Sql(JobsSummaryTable.CreateTriggersSql("jobdb"));

            // Autovacuum after 1% of the rows changed (the default 20% never comes on a large JobDB, and the visibility
            // map then collapses: index-only scans read the heap again).
            migrationBuilder.Sql(AutovacuumSql.Set("jobdb", "Jobs", "JobJDLs", "JobParameters", "JobsSummary"));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(AutovacuumSql.Reset("jobdb", "Jobs", "JobJDLs", "JobParameters"));
            migrationBuilder.Sql(JobsSummaryTable.DropTriggersSql("jobdb"));

            migrationBuilder.DropIndex(
                name: "VOJobID",
                schema: "jobdb",
                table: "Jobs");

            migrationBuilder.DropTable(
                name: "JobsSummary",
                schema: "jobdb");

            migrationBuilder.DropIndex(
                name: "OwnerStatusJobID",
                schema: "jobdb",
                table: "Jobs");

            migrationBuilder.DropIndex(
                name: "StatusJobID",
                schema: "jobdb",
                table: "Jobs");

            migrationBuilder.CreateIndex(
                name: "OwnerStatusJobID",
                schema: "jobdb",
                table: "Jobs",
                columns: new[] { "Owner", "Status", "JobID" });

            migrationBuilder.CreateIndex(
                name: "StatusJobID",
                schema: "jobdb",
                table: "Jobs",
                columns: new[] { "Status", "JobID" });
        }
    }
}
