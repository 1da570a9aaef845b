using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace DiracX.Db.Tasks.Migrations
{
    /// <inheritdoc />
    public partial class InitialTaskDb : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "taskdb");

            migrationBuilder.CreateTable(
                name: "task_rate_windows",
                schema: "taskdb",
                columns: table => new
                {
                    key = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    window_start = table.Column<long>(type: "bigint", nullable: false),
                    count = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_task_rate_windows", x => new { x.key, x.window_start });
                });

            migrationBuilder.CreateTable(
                name: "task_runs",
                schema: "taskdb",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    task_name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    args = table.Column<string>(type: "jsonb", nullable: false),
                    args_version = table.Column<int>(type: "integer", nullable: false),
                    priority = table.Column<int>(type: "integer", nullable: false),
                    state = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    attempt = table.Column<int>(type: "integer", nullable: false),
                    run_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    scheduled_for = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    enqueued_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    started_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    finished_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    lease_until = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    lease_token = table.Column<Guid>(type: "uuid", nullable: true),
                    node = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    schedule_key = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    error = table.Column<string>(type: "text", nullable: true),
                    traceparent = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_task_runs", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "task_schedules",
                schema: "taskdb",
                columns: table => new
                {
                    key = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    task_name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    vo = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true),
                    schedule = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    paused = table.Column<bool>(type: "boolean", nullable: false),
                    updated_at = table.Column<DateTime>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_task_schedules", x => x.key);
                });

            migrationBuilder.CreateIndex(
                name: "task_runs_due",
                schema: "taskdb",
                table: "task_runs",
                columns: new[] { "state", "priority", "run_at" });

            migrationBuilder.CreateIndex(
                name: "task_runs_slot",
                schema: "taskdb",
                table: "task_runs",
                columns: new[] { "schedule_key", "scheduled_for" },
                unique: true,
                filter: "schedule_key IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "task_rate_windows",
                schema: "taskdb");

            migrationBuilder.DropTable(
                name: "task_runs",
                schema: "taskdb");

            migrationBuilder.DropTable(
                name: "task_schedules",
                schema: "taskdb");
        }
    }
}
