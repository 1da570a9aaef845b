using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace DiracX.Db.TaskQueue.Migrations
{
    /// <inheritdoc />
    public partial class InitialTaskQueueDb : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "taskqueuedb");

            migrationBuilder.CreateTable(
                name: "tq_TaskQueues",
                schema: "taskqueuedb",
                columns: table => new
                {
                    TQId = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Owner = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    OwnerGroup = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    VO = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    CPUTime = table.Column<long>(type: "bigint", nullable: false),
                    Priority = table.Column<double>(type: "double precision", nullable: false),
                    Enabled = table.Column<bool>(type: "boolean", nullable: false, defaultValue: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_tq_TaskQueues", x => x.TQId);
                });

            migrationBuilder.CreateTable(
                name: "tq_Jobs",
                schema: "taskqueuedb",
                columns: table => new
                {
                    TQId = table.Column<int>(type: "integer", nullable: false),
                    JobId = table.Column<long>(type: "bigint", nullable: false),
                    Priority = table.Column<int>(type: "integer", nullable: false),
                    RealPriority = table.Column<double>(type: "double precision", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_tq_Jobs", x => new { x.TQId, x.JobId });
                    table.ForeignKey(
                        name: "FK_tq_Jobs_tq_TaskQueues_TQId",
                        column: x => x.TQId,
                        principalSchema: "taskqueuedb",
                        principalTable: "tq_TaskQueues",
                        principalColumn: "TQId",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "tq_TQToBannedSites",
                schema: "taskqueuedb",
                columns: table => new
                {
                    TQId = table.Column<int>(type: "integer", nullable: false),
                    Value = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_tq_TQToBannedSites", x => new { x.TQId, x.Value });
                    table.ForeignKey(
                        name: "FK_tq_TQToBannedSites_tq_TaskQueues_TQId",
                        column: x => x.TQId,
                        principalSchema: "taskqueuedb",
                        principalTable: "tq_TaskQueues",
                        principalColumn: "TQId",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "tq_TQToGridCEs",
                schema: "taskqueuedb",
                columns: table => new
                {
                    TQId = table.Column<int>(type: "integer", nullable: false),
                    Value = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_tq_TQToGridCEs", x => new { x.TQId, x.Value });
                    table.ForeignKey(
                        name: "FK_tq_TQToGridCEs_tq_TaskQueues_TQId",
                        column: x => x.TQId,
                        principalSchema: "taskqueuedb",
                        principalTable: "tq_TaskQueues",
                        principalColumn: "TQId",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "tq_TQToJobTypes",
                schema: "taskqueuedb",
                columns: table => new
                {
                    TQId = table.Column<int>(type: "integer", nullable: false),
                    Value = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_tq_TQToJobTypes", x => new { x.TQId, x.Value });
                    table.ForeignKey(
                        name: "FK_tq_TQToJobTypes_tq_TaskQueues_TQId",
                        column: x => x.TQId,
                        principalSchema: "taskqueuedb",
                        principalTable: "tq_TaskQueues",
                        principalColumn: "TQId",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "tq_TQToPlatforms",
                schema: "taskqueuedb",
                columns: table => new
                {
                    TQId = table.Column<int>(type: "integer", nullable: false),
                    Value = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_tq_TQToPlatforms", x => new { x.TQId, x.Value });
                    table.ForeignKey(
                        name: "FK_tq_TQToPlatforms_tq_TaskQueues_TQId",
                        column: x => x.TQId,
                        principalSchema: "taskqueuedb",
                        principalTable: "tq_TaskQueues",
                        principalColumn: "TQId",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "tq_TQToSites",
                schema: "taskqueuedb",
                columns: table => new
                {
                    TQId = table.Column<int>(type: "integer", nullable: false),
                    Value = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_tq_TQToSites", x => new { x.TQId, x.Value });
                    table.ForeignKey(
                        name: "FK_tq_TQToSites_tq_TaskQueues_TQId",
                        column: x => x.TQId,
                        principalSchema: "taskqueuedb",
                        principalTable: "tq_TaskQueues",
                        principalColumn: "TQId",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "tq_TQToTags",
                schema: "taskqueuedb",
                columns: table => new
                {
                    TQId = table.Column<int>(type: "integer", nullable: false),
                    Value = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_tq_TQToTags", x => new { x.TQId, x.Value });
                    table.ForeignKey(
                        name: "FK_tq_TQToTags_tq_TaskQueues_TQId",
                        column: x => x.TQId,
                        principalSchema: "taskqueuedb",
                        principalTable: "tq_TaskQueues",
                        principalColumn: "TQId",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "JobIdIndex",
                schema: "taskqueuedb",
                table: "tq_Jobs",
                column: "JobId");

            migrationBuilder.CreateIndex(
                name: "TQOwner",
                schema: "taskqueuedb",
                table: "tq_TaskQueues",
                columns: new[] { "Owner", "OwnerGroup", "CPUTime" });

            migrationBuilder.CreateIndex(
                name: "BannedSitesValueIndex",
                schema: "taskqueuedb",
                table: "tq_TQToBannedSites",
                column: "Value");

            migrationBuilder.CreateIndex(
                name: "GridCEsValueIndex",
                schema: "taskqueuedb",
                table: "tq_TQToGridCEs",
                column: "Value");

            migrationBuilder.CreateIndex(
                name: "JobTypesValueIndex",
                schema: "taskqueuedb",
                table: "tq_TQToJobTypes",
                column: "Value");

            migrationBuilder.CreateIndex(
                name: "PlatformsValueIndex",
                schema: "taskqueuedb",
                table: "tq_TQToPlatforms",
                column: "Value");

            migrationBuilder.CreateIndex(
                name: "SitesIndex",
                schema: "taskqueuedb",
                table: "tq_TQToSites",
                column: "Value");

            migrationBuilder.CreateIndex(
                name: "TagsValueIndex",
                schema: "taskqueuedb",
                table: "tq_TQToTags",
                column: "Value");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "tq_Jobs",
                schema: "taskqueuedb");

            migrationBuilder.DropTable(
                name: "tq_TQToBannedSites",
                schema: "taskqueuedb");

            migrationBuilder.DropTable(
                name: "tq_TQToGridCEs",
                schema: "taskqueuedb");

            migrationBuilder.DropTable(
                name: "tq_TQToJobTypes",
                schema: "taskqueuedb");

            migrationBuilder.DropTable(
                name: "tq_TQToPlatforms",
                schema: "taskqueuedb");

            migrationBuilder.DropTable(
                name: "tq_TQToSites",
                schema: "taskqueuedb");

            migrationBuilder.DropTable(
                name: "tq_TQToTags",
                schema: "taskqueuedb");

            migrationBuilder.DropTable(
                name: "tq_TaskQueues",
                schema: "taskqueuedb");
        }
    }
}
