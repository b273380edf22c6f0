using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Mediation.Data.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class SessionRecords : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The agreement's stored PDFs become every signed document's (an agreement's or a session record's):
            // renamed with their rows, never dropped.
            migrationBuilder.DropForeignKey(
                name: "FK_AgreementFiles_Agreements_AgreementId",
                table: "AgreementFiles");

            migrationBuilder.RenameTable(
                name: "AgreementFiles",
                newName: "DocumentFiles");

            migrationBuilder.RenameColumn(
                name: "AgreementId",
                table: "DocumentFiles",
                newName: "DocumentId");

            migrationBuilder.RenameIndex(
                name: "IX_AgreementFiles_Sha256",
                table: "DocumentFiles",
                newName: "IX_DocumentFiles_Sha256");

            migrationBuilder.RenameIndex(
                name: "IX_AgreementFiles_AgreementId_VersionNumber_CreatedAtUtc",
                table: "DocumentFiles",
                newName: "IX_DocumentFiles_DocumentId_VersionNumber_CreatedAtUtc");

            migrationBuilder.DropForeignKey(
                name: "FK_OneTimeCodes_Agreements_AgreementId",
                table: "OneTimeCodes");

            migrationBuilder.DropIndex(
                name: "IX_SigningKeys_OrganizationId",
                table: "SigningKeys");

            migrationBuilder.RenameColumn(
                name: "AgreementId",
                table: "OneTimeCodes",
                newName: "DocumentId");

            migrationBuilder.RenameIndex(
                name: "IX_OneTimeCodes_AgreementId_Phone_CreatedAtUtc",
                table: "OneTimeCodes",
                newName: "IX_OneTimeCodes_DocumentId_Phone_CreatedAtUtc");

            migrationBuilder.CreateTable(
                name: "SessionRecords",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "TEXT", nullable: false),
                    CaseId = table.Column<Guid>(type: "TEXT", nullable: false),
                    SessionId = table.Column<Guid>(type: "TEXT", nullable: false),
                    CreatedAtUtc = table.Column<DateTime>(type: "TEXT", nullable: false),
                    FrozenSha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    DocumentSha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Version = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SessionRecords", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SessionRecords_Cases_CaseId",
                        column: x => x.CaseId,
                        principalTable: "Cases",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_SessionRecords_MediationSessions_SessionId",
                        column: x => x.SessionId,
                        principalTable: "MediationSessions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "SessionRecordSignatures",
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
                    SessionRecordId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SessionRecordSignatures", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SessionRecordSignatures_SessionRecords_SessionRecordId",
                        column: x => x.SessionRecordId,
                        principalTable: "SessionRecords",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SessionRecordSignatureSlots",
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
                    SessionRecordId = table.Column<Guid>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SessionRecordSignatureSlots", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SessionRecordSignatureSlots_SessionRecords_SessionRecordId",
                        column: x => x.SessionRecordId,
                        principalTable: "SessionRecords",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_SigningKeys_OneActiveRoot",
                table: "SigningKeys",
                column: "Kind",
                unique: true,
                filter: "\"RetiredAtUtc\" IS NULL AND \"Kind\" = 'Root'");

            migrationBuilder.CreateIndex(
                name: "IX_SigningKeys_OneActiveSeal",
                table: "SigningKeys",
                column: "OrganizationId",
                unique: true,
                filter: "\"RetiredAtUtc\" IS NULL AND \"OrganizationId\" IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "IX_SessionRecords_CaseId",
                table: "SessionRecords",
                column: "CaseId");

            migrationBuilder.CreateIndex(
                name: "IX_SessionRecords_SessionId",
                table: "SessionRecords",
                column: "SessionId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_SessionRecordSignatures_SessionRecordId",
                table: "SessionRecordSignatures",
                column: "SessionRecordId");

            migrationBuilder.CreateIndex(
                name: "IX_SessionRecordSignatureSlots_SessionRecordId",
                table: "SessionRecordSignatureSlots",
                column: "SessionRecordId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.RenameIndex(
                name: "IX_DocumentFiles_Sha256",
                table: "DocumentFiles",
                newName: "IX_AgreementFiles_Sha256");

            migrationBuilder.RenameIndex(
                name: "IX_DocumentFiles_DocumentId_VersionNumber_CreatedAtUtc",
                table: "DocumentFiles",
                newName: "IX_AgreementFiles_AgreementId_VersionNumber_CreatedAtUtc");

            migrationBuilder.RenameColumn(
                name: "DocumentId",
                table: "DocumentFiles",
                newName: "AgreementId");

            migrationBuilder.RenameTable(
                name: "DocumentFiles",
                newName: "AgreementFiles");

            migrationBuilder.AddForeignKey(
                name: "FK_AgreementFiles_Agreements_AgreementId",
                table: "AgreementFiles",
                column: "AgreementId",
                principalTable: "Agreements",
                principalColumn: "Id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.DropTable(
                name: "SessionRecordSignatures");

            migrationBuilder.DropTable(
                name: "SessionRecordSignatureSlots");

            migrationBuilder.DropTable(
                name: "SessionRecords");

            migrationBuilder.DropIndex(
                name: "IX_SigningKeys_OneActiveRoot",
                table: "SigningKeys");

            migrationBuilder.DropIndex(
                name: "IX_SigningKeys_OneActiveSeal",
                table: "SigningKeys");

            migrationBuilder.RenameColumn(
                name: "DocumentId",
                table: "OneTimeCodes",
                newName: "AgreementId");

            migrationBuilder.RenameIndex(
                name: "IX_OneTimeCodes_DocumentId_Phone_CreatedAtUtc",
                table: "OneTimeCodes",
                newName: "IX_OneTimeCodes_AgreementId_Phone_CreatedAtUtc");

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
    }
}
