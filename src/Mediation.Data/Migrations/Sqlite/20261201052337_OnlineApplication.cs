using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mediation.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class OnlineApplication : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<Guid>(
                name: "InviteId",
                table: "OneTimeCodes",
                type: "TEXT",
                nullable: true,
                oldClrType: typeof(Guid),
                oldType: "TEXT");

            migrationBuilder.AddColumn<Guid>(
                name: "OrganizationId",
                table: "OneTimeCodes",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "TrackingCodeHash",
                table: "Cases",
                type: "TEXT",
                fixedLength: true,
                maxLength: 64,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "IX_OneTimeCodes_OrganizationId_Phone_CreatedAtUtc",
                table: "OneTimeCodes",
                columns: new[] { "OrganizationId", "Phone", "CreatedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_Cases_TrackingCodeHash",
                table: "Cases",
                column: "TrackingCodeHash");

            migrationBuilder.AddForeignKey(
                name: "FK_OneTimeCodes_Organizations_OrganizationId",
                table: "OneTimeCodes",
                column: "OrganizationId",
                principalTable: "Organizations",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_OneTimeCodes_Organizations_OrganizationId",
                table: "OneTimeCodes");

            migrationBuilder.DropIndex(
                name: "IX_OneTimeCodes_OrganizationId_Phone_CreatedAtUtc",
                table: "OneTimeCodes");

            migrationBuilder.DropIndex(
                name: "IX_Cases_TrackingCodeHash",
                table: "Cases");

            migrationBuilder.DropColumn(
                name: "OrganizationId",
                table: "OneTimeCodes");

            migrationBuilder.DropColumn(
                name: "TrackingCodeHash",
                table: "Cases");

            migrationBuilder.AlterColumn<Guid>(
                name: "InviteId",
                table: "OneTimeCodes",
                type: "TEXT",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"),
                oldClrType: typeof(Guid),
                oldType: "TEXT",
                oldNullable: true);
        }
    }
}
