using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DiracX.Db.Jobs.Migrations
{
    /// <inheritdoc />
    public partial class JobParameterStatus : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ParameterStatus",
                schema: "jobdb",
                table: "Jobs",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "ParameterTimestamp",
                schema: "jobdb",
                table: "Jobs",
                type: "bigint",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Back into the parameter documents, where the status was kept before (the later timestamp wins).
            migrationBuilder.Sql("""
                INSERT INTO jobdb."JobParameters" AS p ("JobID", "Parameters")
                SELECT "JobID", jsonb_build_object('JobID', "JobID", 'timestamp', "ParameterTimestamp", 'Status', "ParameterStatus")
                FROM jobdb."Jobs" WHERE "ParameterStatus" IS NOT NULL ORDER BY "JobID"
                ON CONFLICT ("JobID") DO UPDATE SET "Parameters" = p."Parameters" || jsonb_build_object(
                    'JobID', EXCLUDED."JobID", 'Status', EXCLUDED."Parameters" -> 'Status',
                    'timestamp', greatest((EXCLUDED."Parameters" ->> 'timestamp')::numeric,
                        CASE WHEN jsonb_typeof(p."Parameters" -> 'timestamp') = 'number' THEN (p."Parameters" ->> 'timestamp')::numeric END));
                """);

            migrationBuilder.DropColumn(
                name: "ParameterStatus",
                schema: "jobdb",
                table: "Jobs");

            migrationBuilder.DropColumn(
                name: "ParameterTimestamp",
                schema: "jobdb",
                table: "Jobs");
        }
    }
}
