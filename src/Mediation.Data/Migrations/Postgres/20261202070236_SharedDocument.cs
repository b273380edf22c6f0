using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mediation.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SharedDocument : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "SharedDocumentRevision",
                table: "MediationSessions",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "SharedDocumentScroll",
                table: "MediationSessions",
                type: "double precision",
                nullable: false,
                defaultValue: 0.0);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "SharedDocumentRevision",
                table: "MediationSessions");

            migrationBuilder.DropColumn(
                name: "SharedDocumentScroll",
                table: "MediationSessions");
        }
    }
}
