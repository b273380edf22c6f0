using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mediation.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Hardening : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_Cases_DelegatingCourtId_CourtReference",
                table: "Cases");

            migrationBuilder.AddColumn<string>(
                name: "ConnectionId",
                table: "SessionAttendees",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "Reference",
                table: "CaseRecordEntries",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "SignInFailures",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Account = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    Address = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Failures = table.Column<int>(type: "integer", nullable: false),
                    FirstFailureUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    LastFailureUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    LockedUntilUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: true),
                    Unreported = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SignInFailures", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Cases_DelegatingCourtId_CourtReference",
                table: "Cases",
                columns: new[] { "DelegatingCourtId", "CourtReference" },
                unique: true,
                filter: "\"TransferredFromCaseId\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_CaseRecordEntries_CaseId_Reference",
                table: "CaseRecordEntries",
                columns: new[] { "CaseId", "Reference" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SignInFailures_Account_Address",
                table: "SignInFailures",
                columns: new[] { "Account", "Address" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "SignInFailures");

            migrationBuilder.DropIndex(
                name: "IX_Cases_DelegatingCourtId_CourtReference",
                table: "Cases");

            migrationBuilder.DropIndex(
                name: "IX_CaseRecordEntries_CaseId_Reference",
                table: "CaseRecordEntries");

            migrationBuilder.DropColumn(
                name: "ConnectionId",
                table: "SessionAttendees");

            migrationBuilder.DropColumn(
                name: "Reference",
                table: "CaseRecordEntries");

            migrationBuilder.CreateIndex(
                name: "IX_Cases_DelegatingCourtId_CourtReference",
                table: "Cases",
                columns: new[] { "DelegatingCourtId", "CourtReference" },
                unique: true);
        }
    }
}
