using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mediation.Data.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class OrganizationsCourtsAgents : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The docking court was a free-text name; it becomes a reference to a registered court, which the
            // demo seeding (or a platform admin) sets. Existing organizations keep accepting every kind of dispute.
            migrationBuilder.DropColumn(
                name: "DockingCourt",
                table: "Organizations");

            migrationBuilder.AddColumn<string>(
                name: "AcceptedCategories",
                table: "Organizations",
                type: "character varying(200)",
                maxLength: 200,
                nullable: false,
                defaultValue: "LaborRemuneration,WorkInjuryMedicalExpenses,EconomicCompensation,Damages,SocialInsurance,ConfirmLaborRelation,Other");

            migrationBuilder.AddColumn<string>(
                name: "ContactPhone",
                table: "Organizations",
                type: "character varying(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "DockingCourtId",
                table: "Organizations",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "Suspended",
                table: "Organizations",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<Guid>(
                name: "Version",
                table: "Organizations",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"));

            migrationBuilder.AddColumn<string>(
                name: "CourtReference",
                table: "Cases",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "DelegatingCourtId",
                table: "Cases",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "IsCollective",
                table: "Cases",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<Guid>(
                name: "MediatorChangeRequest_PartyId",
                table: "Cases",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "MediatorChangeRequest_Reason",
                table: "Cases",
                type: "character varying(1000)",
                maxLength: 1000,
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "MediatorChangeRequest_RequestedAtUtc",
                table: "Cases",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateOnly>(
                name: "BirthDate",
                table: "CaseParties",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Ethnicity",
                table: "CaseParties",
                type: "character varying(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Gender",
                table: "CaseParties",
                type: "character varying(10)",
                maxLength: 10,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "IsRepresentative",
                table: "CaseParties",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<Guid>(
                name: "CourtId",
                table: "AspNetUsers",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "CaseAgents",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CaseId = table.Column<Guid>(type: "uuid", nullable: false),
                    PartyId = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    Phone = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    IdNumber = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    Kind = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    Authority = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CaseAgents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CaseAgents_CaseParties_PartyId",
                        column: x => x.PartyId,
                        principalTable: "CaseParties",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_CaseAgents_Cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "Cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "Courts",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Code = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Courts", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Organizations_DockingCourtId",
                table: "Organizations",
                column: "DockingCourtId");

            migrationBuilder.CreateIndex(
                name: "IX_Cases_DelegatingCourtId_CourtReference",
                table: "Cases",
                columns: new[] { "DelegatingCourtId", "CourtReference" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_CaseAgents_CaseId",
                table: "CaseAgents",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_CaseAgents_PartyId",
                table: "CaseAgents",
                column: "PartyId");

            migrationBuilder.CreateIndex(
                name: "IX_Courts_Code",
                table: "Courts",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Courts_Name",
                table: "Courts",
                column: "Name",
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "FK_Cases_Courts_DelegatingCourtId",
                table: "Cases",
                column: "DelegatingCourtId",
                principalTable: "Courts",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);

            migrationBuilder.AddForeignKey(
                name: "FK_Organizations_Courts_DockingCourtId",
                table: "Organizations",
                column: "DockingCourtId",
                principalTable: "Courts",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_Cases_Courts_DelegatingCourtId",
                table: "Cases");

            migrationBuilder.DropForeignKey(
                name: "FK_Organizations_Courts_DockingCourtId",
                table: "Organizations");

            migrationBuilder.DropTable(
                name: "CaseAgents");

            migrationBuilder.DropTable(
                name: "Courts");

            migrationBuilder.DropIndex(
                name: "IX_Organizations_DockingCourtId",
                table: "Organizations");

            migrationBuilder.DropIndex(
                name: "IX_Cases_DelegatingCourtId_CourtReference",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "ContactPhone",
                table: "Organizations");

            migrationBuilder.DropColumn(
                name: "DockingCourtId",
                table: "Organizations");

            migrationBuilder.DropColumn(
                name: "Suspended",
                table: "Organizations");

            migrationBuilder.DropColumn(
                name: "Version",
                table: "Organizations");

            migrationBuilder.DropColumn(
                name: "CourtReference",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "DelegatingCourtId",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "IsCollective",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "MediatorChangeRequest_PartyId",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "MediatorChangeRequest_Reason",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "MediatorChangeRequest_RequestedAtUtc",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "BirthDate",
                table: "CaseParties");

            migrationBuilder.DropColumn(
                name: "Ethnicity",
                table: "CaseParties");

            migrationBuilder.DropColumn(
                name: "Gender",
                table: "CaseParties");

            migrationBuilder.DropColumn(
                name: "IsRepresentative",
                table: "CaseParties");

            migrationBuilder.DropColumn(
                name: "CourtId",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "AcceptedCategories",
                table: "Organizations");

            migrationBuilder.AddColumn<string>(
                name: "DockingCourt",
                table: "Organizations",
                type: "character varying(200)",
                maxLength: 200,
                nullable: false,
                defaultValue: "");
        }
    }
}
