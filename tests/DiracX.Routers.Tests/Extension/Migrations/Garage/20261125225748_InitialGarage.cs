using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DiracX.Routers.Tests.Extension.Migrations.Garage
{
    /// <inheritdoc />
    public partial class InitialGarage : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "garagedb");

            migrationBuilder.CreateTable(
                name: "Cars",
                schema: "garagedb",
                columns: table => new
                {
                    LicensePlate = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    Model = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    OwnerID = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Cars", x => x.LicensePlate);
                });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Cars",
                schema: "garagedb");
        }
    }
}
