using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DiracX.Db.Tasks.Migrations.Quartz
{
    /// <summary>Quartz 4.7.3's tables in schema <c>quartz</c>, from the script embedded in the Quartz package.</summary>
    public partial class InitialQuartzSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(QuartzDbContext.SchemaName);
            foreach (var statement in QuartzDbContext.SchemaStatements())
            {
                migrationBuilder.Sql(statement);
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql($"DROP SCHEMA {QuartzDbContext.SchemaName} CASCADE");
        }
    }
}
