namespace Mediation.Domain;

/// <summary>
/// How long each text the system keeps may be: checked where the text comes in, and the column sizes of the database
/// (so PostgreSQL never refuses what SQLite took, and no request stores a novel in a name field).
/// </summary>
public static class TextLimits
{
    public const int CaseSubject = 200;
    public const int CaseFacts = 8000;
    public const int PartyName = 200;
    public const int OrganizationName = 200;
    public const int Address = 400;
    public const int Workplace = 200;
    public const int LegalRepresentative = 100;
    public const int Ethnicity = 20;
    public const int ClaimDescription = 2000;
    public const int Reason = 1000;
    public const int TerminationNotes = 4000;
    public const int RecordText = 4000;
    public const int CourtName = 200;
    public const int CourtCode = 32;
    public const int CourtReference = 100;
    public const int DisplayName = 50;
    public const int Email = 256;
    public const int Phone = 20;
}
