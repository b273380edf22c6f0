using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mediation.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Agreements : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "AgreementId",
                table: "OneTimeCodes",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Agreements",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CaseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    EffectiveOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    DocumentSha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Agreements", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Agreements_Cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "Cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SigningKeys",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 10, nullable: false),
                    OrganizationId = table.Column<Guid>(type: "TEXT", nullable: true),
                    Certificate = table.Column<byte[]>(type: "BLOB", nullable: false),
                    EncryptedKey = table.Column<byte[]>(type: "BLOB", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RetiredAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SigningKeys", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SigningKeys_Organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "AgreementFiles",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    AgreementId = table.Column<Guid>(type: "TEXT", nullable: false),
                    VersionNumber = table.Column<int>(type: "INTEGER", nullable: false),
                    Sha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Content = table.Column<byte[]>(type: "BLOB", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AgreementFiles", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AgreementFiles_Agreements_AgreementId",
                        column: x => x.AgreementId,
                        principalTable: "Agreements",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AgreementVersions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    Facts = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false),
                    FrozenAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    FrozenSha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    TemplateVersion = table.Column<int>(type: "INTEGER", nullable: true),
                    SupersededAtUtc = table.Column<DateTime>(type: "TEXT", nullable: true),
                    AgreementId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AgreementVersions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AgreementVersions_Agreements_AgreementId",
                        column: x => x.AgreementId,
                        principalTable: "Agreements",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AgreementClauses",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Category = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Text = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    Amount = table.Column<decimal>(type: "TEXT", precision: 18, scale: 2, nullable: true),
                    Obligor = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    PerformBy = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Method = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    AgreementVersionId = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AgreementClauses", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AgreementClauses_AgreementVersions_AgreementVersionId",
                        column: x => x.AgreementVersionId,
                        principalTable: "AgreementVersions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AgreementSignatures",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Slot = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    SignerKind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    SignerId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    SignedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    DocumentSha256Before = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    DocumentSha256After = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    AgreementVersionId = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AgreementSignatures", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AgreementSignatures_AgreementVersions_AgreementVersionId",
                        column: x => x.AgreementVersionId,
                        principalTable: "AgreementVersions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "AgreementSignatureSlots",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    SignerKind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    SignerId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    SignerName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Side = table.Column<string>(type: "TEXT", maxLength: 20, nullable: true),
                    ForPartyId = table.Column<Guid>(type: "TEXT", nullable: true),
                    ForPartyName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    AgreementVersionId = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_AgreementSignatureSlots", x => x.Id);
                    table.ForeignKey(
                        name: "FK_AgreementSignatureSlots_AgreementVersions_AgreementVersionId",
                        column: x => x.AgreementVersionId,
                        principalTable: "AgreementVersions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_OneTimeCodes_AgreementId_Phone_CreatedAtUtc",
                table: "OneTimeCodes",
                columns: new[] { "AgreementId", "Phone", "CreatedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_AgreementClauses_AgreementVersionId",
                table: "AgreementClauses",
                column: "AgreementVersionId");

            migrationBuilder.CreateIndex(
                name: "IX_AgreementFiles_AgreementId_VersionNumber_CreatedAtUtc",
                table: "AgreementFiles",
                columns: new[] { "AgreementId", "VersionNumber", "CreatedAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_AgreementFiles_Sha256",
                table: "AgreementFiles",
                column: "Sha256",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_Agreements_CaseId",
                table: "Agreements",
                column: "CaseId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_AgreementSignatures_AgreementVersionId",
                table: "AgreementSignatures",
                column: "AgreementVersionId");

            migrationBuilder.CreateIndex(
                name: "IX_AgreementSignatureSlots_AgreementVersionId",
                table: "AgreementSignatureSlots",
                column: "AgreementVersionId");

            migrationBuilder.CreateIndex(
                name: "IX_AgreementVersions_AgreementId",
                table: "AgreementVersions",
                column: "AgreementId");

            migrationBuilder.CreateIndex(
                name: "IX_SigningKeys_Kind_OrganizationId_RetiredAtUtc",
                table: "SigningKeys",
                columns: new[] { "Kind", "OrganizationId", "RetiredAtUtc" });

            migrationBuilder.CreateIndex(
                name: "IX_SigningKeys_OrganizationId",
                table: "SigningKeys",
                column: "OrganizationId");

            migrationBuilder.AddForeignKey(
                name: "FK_OneTimeCodes_Agreements_AgreementId",
                table: "OneTimeCodes",
                column: "AgreementId",
                principalTable: "Agreements",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_OneTimeCodes_Agreements_AgreementId",
                table: "OneTimeCodes");

            migrationBuilder.DropTable(
                name: "AgreementClauses");

            migrationBuilder.DropTable(
                name: "AgreementFiles");

            migrationBuilder.DropTable(
                name: "AgreementSignatures");

            migrationBuilder.DropTable(
                name: "AgreementSignatureSlots");

            migrationBuilder.DropTable(
                name: "SigningKeys");

            migrationBuilder.DropTable(
                name: "AgreementVersions");

            migrationBuilder.DropTable(
                name: "Agreements");

            migrationBuilder.DropIndex(
                name: "IX_OneTimeCodes_AgreementId_Phone_CreatedAtUtc",
                table: "OneTimeCodes");

            migrationBuilder.DropColumn(
                name: "AgreementId",
                table: "OneTimeCodes");
        }
    }
}
