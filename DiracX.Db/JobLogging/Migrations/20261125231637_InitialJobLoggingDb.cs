using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DiracX.Db.JobLogging.Migrations
{
    /// <inheritdoc />
    public partial class InitialJobLoggingDb : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "jobloggingdb");

            migrationBuilder.CreateTable(
                name: "LoggingInfo",
                schema: "jobloggingdb",
                columns: table => new
                {
                    JobID = table.Column<long>(type: "bigint", nullable: false),
                    SeqNum = table.Column<int>(type: "integer", nullable: false),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false, defaultValue: ""),
                    MinorStatus = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false, defaultValue: ""),
                    ApplicationStatus = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false, defaultValue: ""),
                    StatusTime = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    StatusTimeOrder = table.Column<decimal>(type: "numeric(12,3)", precision: 12, scale: 3, nullable: false, defaultValue: 0m),
                    StatusSource = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false, defaultValue: "Unknown")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LoggingInfo", x => new { x.JobID, x.SeqNum });
                });

            migrationBuilder.CreateTable(
                name: "LoggingInfoSeqNums",
                schema: "jobloggingdb",
                columns: table => new
                {
                    JobID = table.Column<long>(type: "bigint", nullable: false),
                    LastSeqNum = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_LoggingInfoSeqNums", x => x.JobID);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "LoggingInfo",
                schema: "jobloggingdb");

            migrationBuilder.DropTable(
                name: "LoggingInfoSeqNums",
                schema: "jobloggingdb");
        }
    }
}
