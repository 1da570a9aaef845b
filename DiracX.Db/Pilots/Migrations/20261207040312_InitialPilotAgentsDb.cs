using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace DiracX.Db.Pilots.Migrations
{
    /// <inheritdoc />
    public partial class InitialPilotAgentsDb : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "pilotagentsdb");

            migrationBuilder.CreateTable(
                name: "JobToPilotMapping",
                schema: "pilotagentsdb",
                columns: table => new
                {
                    PilotID = table.Column<long>(type: "bigint", nullable: false),
                    JobID = table.Column<long>(type: "bigint", nullable: false),
                    StartTime = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_JobToPilotMapping", x => new { x.PilotID, x.JobID });
                });

            migrationBuilder.CreateTable(
                name: "PilotAgents",
                schema: "pilotagentsdb",
                columns: table => new
                {
                    PilotID = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    InitialJobID = table.Column<long>(type: "bigint", nullable: false, defaultValue: 0L),
                    CurrentJobID = table.Column<long>(type: "bigint", nullable: false, defaultValue: 0L),
                    PilotJobReference = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false, defaultValue: "Unknown"),
                    PilotStamp = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false, defaultValue: ""),
                    DestinationSite = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false, defaultValue: "NotAssigned"),
                    Queue = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false, defaultValue: "Unknown"),
                    GridSite = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false, defaultValue: "Unknown"),
                    VO = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    GridType = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false, defaultValue: "LCG"),
                    BenchMark = table.Column<double>(type: "double precision", nullable: false, defaultValue: 0.0),
                    SubmissionTime = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LastUpdateTime = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false, defaultValue: "Unknown"),
                    StatusReason = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false, defaultValue: "Unknown"),
                    AccountingSent = table.Column<bool>(type: "boolean", nullable: false, defaultValue: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PilotAgents", x => x.PilotID);
                });

            migrationBuilder.CreateTable(
                name: "PilotOutput",
                schema: "pilotagentsdb",
                columns: table => new
                {
                    PilotID = table.Column<long>(type: "bigint", nullable: false),
                    StdOutput = table.Column<string>(type: "text", nullable: true),
                    StdError = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PilotOutput", x => x.PilotID);
                });

            migrationBuilder.CreateIndex(
                name: "IX_JobToPilotMapping_JobID",
                schema: "pilotagentsdb",
                table: "JobToPilotMapping",
                column: "JobID");

            migrationBuilder.CreateIndex(
                name: "IX_PilotAgents_DestinationSite_Queue_Status",
                schema: "pilotagentsdb",
                table: "PilotAgents",
                columns: new[] { "DestinationSite", "Queue", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_PilotAgents_GridSite_DestinationSite_Status",
                schema: "pilotagentsdb",
                table: "PilotAgents",
                columns: new[] { "GridSite", "DestinationSite", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_PilotAgents_PilotJobReference",
                schema: "pilotagentsdb",
                table: "PilotAgents",
                column: "PilotJobReference");

            migrationBuilder.CreateIndex(
                name: "IX_PilotAgents_PilotStamp",
                schema: "pilotagentsdb",
                table: "PilotAgents",
                column: "PilotStamp",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_PilotAgents_Status",
                schema: "pilotagentsdb",
                table: "PilotAgents",
                column: "Status");

            migrationBuilder.CreateIndex(
                name: "IX_PilotAgents_VO_PilotID",
                schema: "pilotagentsdb",
                table: "PilotAgents",
                columns: new[] { "VO", "PilotID" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "JobToPilotMapping",
                schema: "pilotagentsdb");

            migrationBuilder.DropTable(
                name: "PilotAgents",
                schema: "pilotagentsdb");

            migrationBuilder.DropTable(
                name: "PilotOutput",
                schema: "pilotagentsdb");
        }
    }
}
