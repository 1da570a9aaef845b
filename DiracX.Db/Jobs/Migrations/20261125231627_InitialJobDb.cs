using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace DiracX.Db.Jobs.Migrations
{
    /// <inheritdoc />
    public partial class InitialJobDb : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "jobdb");

            migrationBuilder.CreateTable(
                name: "JobJDLs",
                schema: "jobdb",
                columns: table => new
                {
                    JobID = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    JDL = table.Column<byte[]>(type: "bytea", nullable: false),
                    JobRequirements = table.Column<byte[]>(type: "bytea", nullable: false),
                    OriginalJDL = table.Column<byte[]>(type: "bytea", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_JobJDLs", x => x.JobID);
                });

            migrationBuilder.CreateTable(
                name: "Jobs",
                schema: "jobdb",
                columns: table => new
                {
                    JobID = table.Column<long>(type: "bigint", nullable: false),
                    JobType = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false, defaultValue: "user"),
                    JobGroup = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false, defaultValue: "00000000"),
                    Site = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false, defaultValue: "ANY"),
                    JobName = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false, defaultValue: "Unknown"),
                    Owner = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, defaultValue: "Unknown"),
                    OwnerGroup = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false, defaultValue: "Unknown"),
                    VO = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    SubmissionTime = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    RescheduleTime = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LastUpdateTime = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    StartExecTime = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    HeartBeatTime = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    EndExecTime = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false, defaultValue: "Received"),
                    MinorStatus = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false, defaultValue: "Unknown"),
                    ApplicationStatus = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false, defaultValue: "Unknown"),
                    UserPriority = table.Column<int>(type: "integer", nullable: false, defaultValue: 0),
                    RescheduleCounter = table.Column<int>(type: "integer", nullable: false, defaultValue: 0),
                    VerifiedFlag = table.Column<bool>(type: "boolean", nullable: false, defaultValue: false),
                    AccountedFlag = table.Column<string>(type: "character varying(6)", maxLength: 6, nullable: false, defaultValue: "False")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Jobs", x => x.JobID);
                    table.CheckConstraint("CK_Jobs_AccountedFlag", "\"AccountedFlag\" IN ('True', 'False', 'Failed')");
                    table.ForeignKey(
                        name: "FK_Jobs_JobJDLs_JobID",
                        column: x => x.JobID,
                        principalSchema: "jobdb",
                        principalTable: "JobJDLs",
                        principalColumn: "JobID",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "HeartBeatLoggingInfo",
                schema: "jobdb",
                columns: table => new
                {
                    JobID = table.Column<long>(type: "bigint", nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    HeartBeatTime = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Value = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_HeartBeatLoggingInfo", x => new { x.JobID, x.Name, x.HeartBeatTime });
                    table.ForeignKey(
                        name: "FK_HeartBeatLoggingInfo_Jobs_JobID",
                        column: x => x.JobID,
                        principalSchema: "jobdb",
                        principalTable: "Jobs",
                        principalColumn: "JobID",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "InputData",
                schema: "jobdb",
                columns: table => new
                {
                    JobID = table.Column<long>(type: "bigint", nullable: false),
                    LFN = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false, defaultValue: "AprioriGood")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_InputData", x => new { x.JobID, x.LFN });
                    table.ForeignKey(
                        name: "FK_InputData_Jobs_JobID",
                        column: x => x.JobID,
                        principalSchema: "jobdb",
                        principalTable: "Jobs",
                        principalColumn: "JobID",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "JobCommands",
                schema: "jobdb",
                columns: table => new
                {
                    JobID = table.Column<long>(type: "bigint", nullable: false),
                    ReceptionTime = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Command = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Arguments = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Status = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, defaultValue: "Received"),
                    ExecutionTime = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_JobCommands", x => new { x.JobID, x.ReceptionTime });
                    table.ForeignKey(
                        name: "FK_JobCommands_Jobs_JobID",
                        column: x => x.JobID,
                        principalSchema: "jobdb",
                        principalTable: "Jobs",
                        principalColumn: "JobID",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "JobParameters",
                schema: "jobdb",
                columns: table => new
                {
                    JobID = table.Column<long>(type: "bigint", nullable: false),
                    Parameters = table.Column<string>(type: "jsonb", nullable: false, defaultValueSql: "'{}'::jsonb")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_JobParameters", x => x.JobID);
                    table.ForeignKey(
                        name: "FK_JobParameters_Jobs_JobID",
                        column: x => x.JobID,
                        principalSchema: "jobdb",
                        principalTable: "Jobs",
                        principalColumn: "JobID",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "JobGroup",
                schema: "jobdb",
                table: "Jobs",
                column: "JobGroup");

            migrationBuilder.CreateIndex(
                name: "LastUpdateTime",
                schema: "jobdb",
                table: "Jobs",
                column: "LastUpdateTime");

            migrationBuilder.CreateIndex(
                name: "OwnerGroup",
                schema: "jobdb",
                table: "Jobs",
                column: "OwnerGroup");

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

            migrationBuilder.CreateIndex(
                name: "StatusSite",
                schema: "jobdb",
                table: "Jobs",
                columns: new[] { "Status", "Site" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "HeartBeatLoggingInfo",
                schema: "jobdb");

            migrationBuilder.DropTable(
                name: "InputData",
                schema: "jobdb");

            migrationBuilder.DropTable(
                name: "JobCommands",
                schema: "jobdb");

            migrationBuilder.DropTable(
                name: "JobParameters",
                schema: "jobdb");

            migrationBuilder.DropTable(
                name: "Jobs",
                schema: "jobdb");

            migrationBuilder.DropTable(
                name: "JobJDLs",
                schema: "jobdb");
        }
    }
}
