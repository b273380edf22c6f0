using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mediation.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class CaseListIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Cases_MediatorUserId",
                table: "Cases");

            migrationBuilder.CreateIndex(
                name: "IX_Cases_MediatorUserId_ReceivedAtUtc",
                table: "Cases",
                columns: new[] { "MediatorUserId", "ReceivedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Cases_OrganizationId_ReceivedAtUtc",
                table: "Cases",
                columns: new[] { "OrganizationId", "ReceivedAtUtc" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Cases_MediatorUserId_ReceivedAtUtc",
                table: "Cases");

            migrationBuilder.DropIndex(
                name: "IX_Cases_OrganizationId_ReceivedAtUtc",
                table: "Cases");

            migrationBuilder.CreateIndex(
                name: "IX_Cases_MediatorUserId",
                table: "Cases",
                column: "MediatorUserId");
        }
    }
}
