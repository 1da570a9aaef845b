using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Gubbins.Db.Migrations.GubbinsJobDb
{
    /// <inheritdoc />
    public partial class InitialGubbinsJobDb : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "gubbinsjobdb");

            migrationBuilder.CreateTable(
                name: "GubbinsInfo",
                schema: "gubbinsjobdb",
                columns: table => new
                {
                    JobID = table.Column<long>(type: "bigint", nullable: false),
                    Info = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GubbinsInfo", x => x.JobID);
                });

            // Keyed to DiracX's Jobs table, which another context (DiracX's JobDbContext, migrated first) owns: the
            // model does not know it, so the constraint is written here. A removed job takes its GubbinsInfo with it.
            migrationBuilder.Sql(
                "ALTER TABLE gubbinsjobdb.\"GubbinsInfo\" ADD CONSTRAINT \"FK_GubbinsInfo_Jobs_JobID\" "
                + "FOREIGN KEY (\"JobID\") REFERENCES jobdb.\"Jobs\" (\"JobID\") ON DELETE CASCADE");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "GubbinsInfo",
                schema: "gubbinsjobdb");
        }
    }
}
