using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace DiracX.Db.Sandboxes.Migrations
{
    /// <inheritdoc />
    public partial class InitialSandboxMetadataDb : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "sandboxmetadatadb");

            migrationBuilder.CreateTable(
                name: "sb_Owners",
                schema: "sandboxmetadatadb",
                columns: table => new
                {
                    OwnerID = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Owner = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    OwnerGroup = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    VO = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sb_Owners", x => x.OwnerID);
                });

            migrationBuilder.CreateTable(
                name: "sb_SandBoxes",
                schema: "sandboxmetadatadb",
                columns: table => new
                {
                    SBId = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    OwnerId = table.Column<int>(type: "integer", nullable: false),
                    SEName = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    SEPFN = table.Column<string>(type: "character varying(512)", maxLength: 512, nullable: false),
                    Bytes = table.Column<long>(type: "bigint", nullable: false),
                    RegistrationTime = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    LastAccessTime = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Assigned = table.Column<bool>(type: "boolean", nullable: false, defaultValue: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sb_SandBoxes", x => x.SBId);
                    table.ForeignKey(
                        name: "FK_sb_SandBoxes_sb_Owners_OwnerId",
                        column: x => x.OwnerId,
                        principalSchema: "sandboxmetadatadb",
                        principalTable: "sb_Owners",
                        principalColumn: "OwnerID",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "sb_EntityMapping",
                schema: "sandboxmetadatadb",
                columns: table => new
                {
                    SBId = table.Column<long>(type: "bigint", nullable: false),
                    EntityId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: false),
                    Type = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sb_EntityMapping", x => new { x.SBId, x.EntityId, x.Type });
                    table.ForeignKey(
                        name: "FK_sb_EntityMapping_sb_SandBoxes_SBId",
                        column: x => x.SBId,
                        principalSchema: "sandboxmetadatadb",
                        principalTable: "sb_SandBoxes",
                        principalColumn: "SBId",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "EntityIdIndex",
                schema: "sandboxmetadatadb",
                table: "sb_EntityMapping",
                column: "EntityId");

            migrationBuilder.CreateIndex(
                name: "IX_sb_Owners_Owner_OwnerGroup_VO",
                schema: "sandboxmetadatadb",
                table: "sb_Owners",
                columns: new[] { "Owner", "OwnerGroup", "VO" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "idx_assigned_lastaccesstime",
                schema: "sandboxmetadatadb",
                table: "sb_SandBoxes",
                columns: new[] { "Assigned", "LastAccessTime" });

            migrationBuilder.CreateIndex(
                name: "IX_sb_SandBoxes_OwnerId",
                schema: "sandboxmetadatadb",
                table: "sb_SandBoxes",
                column: "OwnerId");

            migrationBuilder.CreateIndex(
                name: "Location",
                schema: "sandboxmetadatadb",
                table: "sb_SandBoxes",
                columns: new[] { "SEName", "SEPFN" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "sb_EntityMapping",
                schema: "sandboxmetadatadb");

            migrationBuilder.DropTable(
                name: "sb_SandBoxes",
                schema: "sandboxmetadatadb");

            migrationBuilder.DropTable(
                name: "sb_Owners",
                schema: "sandboxmetadatadb");
        }
    }
}
