using DiracX.Db.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DiracX.Db.JobLogging.Migrations
{
    /// <inheritdoc />
    public partial class LastStatusTimeOrder : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<decimal>(
                name: "LastStatusTimeOrder",
                schema: "jobloggingdb",
                table: "LoggingInfoSeqNums",
                type: "numeric(12,3)",
                precision: 12,
                scale: 3,
                nullable: true);

            // The counters carry the jobs' latest StatusTimeOrder from now on; fill it for the jobs already there.
            migrationBuilder.Sql("""
                UPDATE jobloggingdb."LoggingInfoSeqNums" AS s SET "LastStatusTimeOrder" = l.last
                FROM (SELECT "JobID", max("StatusTimeOrder") AS last FROM jobloggingdb."LoggingInfo" GROUP BY "JobID") AS l
                WHERE l."JobID" = s."JobID";
                """);

            migrationBuilder.Sql(AutovacuumSql.Set("jobloggingdb", "LoggingInfo", "LoggingInfoSeqNums"));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(AutovacuumSql.Reset("jobloggingdb", "LoggingInfo", "LoggingInfoSeqNums"));

            migrationBuilder.DropColumn(
                name: "LastStatusTimeOrder",
                schema: "jobloggingdb",
                table: "LoggingInfoSeqNums");
        }
    }
}
