using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DiracX.Db.Auth.Migrations
{
    /// <inheritdoc />
    public partial class InitialAuthDb : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "authdb");

            migrationBuilder.CreateTable(
                name: "AuthorizationFlows",
                schema: "authdb",
                columns: table => new
                {
                    UUID = table.Column<Guid>(type: "uuid", nullable: false),
                    Status = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    ClientID = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    CreationTime = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Scope = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: false),
                    CodeChallenge = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    CodeChallengeMethod = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    RedirectURI = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    Code = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: true),
                    IDToken = table.Column<string>(type: "jsonb", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AuthorizationFlows", x => x.UUID);
                });

            migrationBuilder.CreateTable(
                name: "DeviceFlows",
                schema: "authdb",
                columns: table => new
                {
                    UserCode = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    Status = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    CreationTime = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ClientID = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    Scope = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: false),
                    DeviceCode = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    IDToken = table.Column<string>(type: "jsonb", nullable: true),
                    LastPollTime = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DeviceFlows", x => x.UserCode);
                });

            migrationBuilder.CreateTable(
                name: "RefreshTokens",
                schema: "authdb",
                columns: table => new
                {
                    JTI = table.Column<Guid>(type: "uuid", nullable: false),
                    Status = table.Column<string>(type: "character varying(8)", maxLength: 8, nullable: false),
                    Scope = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: false),
                    Sub = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    ExpiresAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RefreshTokens", x => x.JTI);
                });

            migrationBuilder.CreateIndex(
                name: "IX_AuthorizationFlows_Code",
                schema: "authdb",
                table: "AuthorizationFlows",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_DeviceFlows_DeviceCode",
                schema: "authdb",
                table: "DeviceFlows",
                column: "DeviceCode",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "index_status_sub",
                schema: "authdb",
                table: "RefreshTokens",
                columns: new[] { "Status", "Sub" });

            migrationBuilder.CreateIndex(
                name: "IX_RefreshTokens_ExpiresAt",
                schema: "authdb",
                table: "RefreshTokens",
                column: "ExpiresAt");

            migrationBuilder.CreateIndex(
                name: "IX_RefreshTokens_Sub",
                schema: "authdb",
                table: "RefreshTokens",
                column: "Sub");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "AuthorizationFlows",
                schema: "authdb");

            migrationBuilder.DropTable(
                name: "DeviceFlows",
                schema: "authdb");

            migrationBuilder.DropTable(
                name: "RefreshTokens",
                schema: "authdb");
        }
    }
}
