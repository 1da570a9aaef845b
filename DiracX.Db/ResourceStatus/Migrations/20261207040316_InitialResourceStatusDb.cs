using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace DiracX.Db.ResourceStatus.Migrations
{
    /// <inheritdoc />
    public partial class InitialResourceStatusDb : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "resourcestatusdb");

            migrationBuilder.CreateTable(
                name: "ResourceHistory",
                schema: "resourcestatusdb",
                columns: table => new
                {
                    ID = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    StatusType = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false, defaultValue: "all"),
                    VO = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, defaultValue: "all"),
                    Status = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false, defaultValue: ""),
                    Reason = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false, defaultValue: "Unspecified"),
                    DateEffective = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    TokenExpiration = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true, defaultValue: new DateTimeOffset(new DateTime(9999, 12, 31, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0))),
                    ElementType = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    LastCheckTime = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    TokenOwner = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false, defaultValue: "rs_svc")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ResourceHistory", x => x.ID);
                });

            migrationBuilder.CreateTable(
                name: "ResourceLog",
                schema: "resourcestatusdb",
                columns: table => new
                {
                    ID = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    StatusType = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false, defaultValue: "all"),
                    VO = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, defaultValue: "all"),
                    Status = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false, defaultValue: ""),
                    Reason = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false, defaultValue: "Unspecified"),
                    DateEffective = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    TokenExpiration = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true, defaultValue: new DateTimeOffset(new DateTime(9999, 12, 31, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0))),
                    ElementType = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    LastCheckTime = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    TokenOwner = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false, defaultValue: "rs_svc")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ResourceLog", x => x.ID);
                });

            migrationBuilder.CreateTable(
                name: "ResourceStatus",
                schema: "resourcestatusdb",
                columns: table => new
                {
                    Name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    StatusType = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false, defaultValue: "all"),
                    VO = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, defaultValue: "all"),
                    Status = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false, defaultValue: ""),
                    Reason = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false, defaultValue: "Unspecified"),
                    DateEffective = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    TokenExpiration = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true, defaultValue: new DateTimeOffset(new DateTime(9999, 12, 31, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0))),
                    ElementType = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    LastCheckTime = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    TokenOwner = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false, defaultValue: "rs_svc")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ResourceStatus", x => new { x.Name, x.StatusType, x.VO });
                });

            migrationBuilder.CreateTable(
                name: "SiteHistory",
                schema: "resourcestatusdb",
                columns: table => new
                {
                    ID = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    StatusType = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false, defaultValue: "all"),
                    VO = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, defaultValue: "all"),
                    Status = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false, defaultValue: ""),
                    Reason = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false, defaultValue: "Unspecified"),
                    DateEffective = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    TokenExpiration = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true, defaultValue: new DateTimeOffset(new DateTime(9999, 12, 31, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0))),
                    ElementType = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    LastCheckTime = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    TokenOwner = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false, defaultValue: "rs_svc")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SiteHistory", x => x.ID);
                });

            migrationBuilder.CreateTable(
                name: "SiteLog",
                schema: "resourcestatusdb",
                columns: table => new
                {
                    ID = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    StatusType = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false, defaultValue: "all"),
                    VO = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, defaultValue: "all"),
                    Status = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false, defaultValue: ""),
                    Reason = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false, defaultValue: "Unspecified"),
                    DateEffective = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    TokenExpiration = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true, defaultValue: new DateTimeOffset(new DateTime(9999, 12, 31, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0))),
                    ElementType = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    LastCheckTime = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    TokenOwner = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false, defaultValue: "rs_svc")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SiteLog", x => x.ID);
                });

            migrationBuilder.CreateTable(
                name: "SiteStatus",
                schema: "resourcestatusdb",
                columns: table => new
                {
                    Name = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    StatusType = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false, defaultValue: "all"),
                    VO = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false, defaultValue: "all"),
                    Status = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false, defaultValue: ""),
                    Reason = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false, defaultValue: "Unspecified"),
                    DateEffective = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    TokenExpiration = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true, defaultValue: new DateTimeOffset(new DateTime(9999, 12, 31, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0))),
                    ElementType = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    LastCheckTime = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    TokenOwner = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false, defaultValue: "rs_svc")
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SiteStatus", x => new { x.Name, x.StatusType, x.VO });
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ResourceHistory",
                schema: "resourcestatusdb");

            migrationBuilder.DropTable(
                name: "ResourceLog",
                schema: "resourcestatusdb");

            migrationBuilder.DropTable(
                name: "ResourceStatus",
                schema: "resourcestatusdb");

            migrationBuilder.DropTable(
                name: "SiteHistory",
                schema: "resourcestatusdb");

            migrationBuilder.DropTable(
                name: "SiteLog",
                schema: "resourcestatusdb");

            migrationBuilder.DropTable(
                name: "SiteStatus",
                schema: "resourcestatusdb");
        }
    }
}
