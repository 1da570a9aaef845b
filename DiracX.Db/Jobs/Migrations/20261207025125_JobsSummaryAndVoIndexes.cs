using DiracX.Db.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

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
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    Kind = table.Column<short>(type: "smallint", nullable: false),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    MinorStatus = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    Site = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Owner = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    OwnerGroup = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    VO = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    JobGroup = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    JobType = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    Count = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_JobsSummary", x => x.Id);
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

            migrationBuilder.CreateIndex(
                name: "JobsSummaryKey",
                schema: "jobdb",
                table: "JobsSummary",
                columns: new[] { "Kind", "Status", "MinorStatus", "Site", "Owner", "OwnerGroup", "VO", "JobGroup", "JobType" },
                unique: true)
                .Annotation("Npgsql:NullsDistinct", false);

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

            migrationBuilder.DropIndex(
                name: "VOJobID",
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
