using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Mediation.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class CaseLifecycle : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "AcceptedAtUtc",
                table: "Cases",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "AgreementEffectiveOn",
                table: "Cases",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "AuditHeadHash",
                table: "Cases",
                type: "character(64)",
                fixedLength: true,
                maxLength: 64,
                nullable: false,
                defaultValue: "0000000000000000000000000000000000000000000000000000000000000000");

            migrationBuilder.AddColumn<long>(
                name: "AuditSequence",
                table: "Cases",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<string>(
                name: "Channel",
                table: "Cases",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "Staff");

            migrationBuilder.AddColumn<DateTime>(
                name: "ClosedAtUtc",
                table: "Cases",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "DeclineReason",
                table: "Cases",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Referral",
                table: "Cases",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Status",
                table: "Cases",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "Applied");

            migrationBuilder.AddColumn<string>(
                name: "TerminationNotes",
                table: "Cases",
                type: "character varying(4000)",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TerminationReason",
                table: "Cases",
                type: "character varying(40)",
                maxLength: 40,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "TransferredToOrganizationId",
                table: "Cases",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "CaseAuditEntries",
                columns: table => new
                {
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    Sequence = table.Column<long>(type: "bigint", nullable: false),
                    AtUtc = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Actor = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    Action = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Details = table.Column<string>(type: "text", nullable: false),
                    PreviousHash = table.Column<string>(type: "character(64)", fixedLength: true, maxLength: 64, nullable: false),
                    Hash = table.Column<string>(type: "character(64)", fixedLength: true, maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CaseAuditEntries", x => new { x.CaseId, x.Sequence });
                    table.ForeignKey(
                        name: "FK_CaseAuditEntries_Cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "Cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "CaseClaims",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Category = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Description = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Amount = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: true),
                    Obligor = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CaseClaims", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CaseClaims_Cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "Cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Cases_OrganizationId_Status",
                table: "Cases",
                columns: new[] { "OrganizationId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_CaseClaims_CaseId",
                table: "CaseClaims",
                column: "CaseId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CaseAuditEntries");

            migrationBuilder.DropTable(
                name: "CaseClaims");

            migrationBuilder.DropIndex(
                name: "IX_Cases_OrganizationId_Status",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "AcceptedAtUtc",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "AgreementEffectiveOn",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "AuditHeadHash",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "AuditSequence",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "Channel",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "ClosedAtUtc",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "DeclineReason",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "Referral",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "Status",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "TerminationNotes",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "TerminationReason",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "TransferredToOrganizationId",
                table: "Cases");
        }
    }
}
