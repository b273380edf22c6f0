using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mediation.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CaseIntake : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Facts",
                table: "Cases",
                type: "character varying(8000)",
                maxLength: 8000,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<string>(
                name: "Address",
                table: "CaseParties",
                type: "character varying(400)",
                maxLength: 400,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "LegalRepresentative",
                table: "CaseParties",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Workplace",
                table: "CaseParties",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Facts",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "Address",
                table: "CaseParties");

            migrationBuilder.DropColumn(
                name: "LegalRepresentative",
                table: "CaseParties");

            migrationBuilder.DropColumn(
                name: "Workplace",
                table: "CaseParties");
        }
    }
}
