namespace Mediation.Data;

/// <summary>
/// One state of a signed document's PDF — an agreement's version, a session's 调解笔录: as made, then after each
/// signature (each an incremental update of the one before, so the last holds them all). Kept whole, each under its
/// hash, so a copy anyone holds can be looked up. <see cref="DocumentId"/> is the agreement's or the record's id.
/// </summary>
public sealed class DocumentFile
{
    private DocumentFile() { }

    public DocumentFile(Guid documentId, int versionNumber, string sha256, byte[] content, DateTime createdAtUtc)
    {
        Id = Guid.NewGuid();
        DocumentId = documentId;
        VersionNumber = versionNumber;
        Sha256 = sha256;
        Content = content;
        CreatedAtUtc = createdAtUtc;
    }

    public Guid Id { get; private set; }
    public Guid DocumentId { get; private set; }

    /// <summary>The agreement's version; 1 for a record, which has one.</summary>
    public int VersionNumber { get; private set; }
    public string Sha256 { get; private set; } = "";
    public byte[] Content { get; private set; } = [];
    public DateTime CreatedAtUtc { get; private set; }
}

/// <summary>What a stored signing key is for.</summary>
public enum SigningKeyKind
{
    /// <summary>The platform CA's root.</summary>
    Root,
    /// <summary>An organization's seal.</summary>
    Seal,
}

/// <summary>
/// A long-lived signing key: the platform root or an organization's seal, its certificate and its private key
/// encrypted (PKCS #8 under the passphrase from configuration, never stored). Signing events' keys are never here:
/// they live in memory for one signature.
/// </summary>
public sealed class SigningKey
{
    private SigningKey() { }

    public SigningKey(SigningKeyKind kind, Guid? organizationId, byte[] certificate, byte[] encryptedKey, DateTime createdAtUtc)
    {
        Id = Guid.NewGuid();
        Kind = kind;
        OrganizationId = organizationId;
        Certificate = certificate;
        EncryptedKey = encryptedKey;
        CreatedAtUtc = createdAtUtc;
    }

    public Guid Id { get; private set; }
    public SigningKeyKind Kind { get; private set; }
    public Guid? OrganizationId { get; private set; }
    public byte[] Certificate { get; private set; } = [];
    public byte[] EncryptedKey { get; private set; } = [];
    public DateTime CreatedAtUtc { get; private set; }

    /// <summary>When a newer key replaced it (rotation); its certificate still verifies what it signed.</summary>
    public DateTime? RetiredAtUtc { get; private set; }

    public void Retire(DateTime nowUtc) => RetiredAtUtc ??= nowUtc;
}

/// <summary>
/// One version of an organization's wording of the agreement's adjustable paragraphs (the recital, the effect, the
/// remedies, the copies). A change is a new row, never an edit, so the version a document records can always be
/// read again. Versions count from 2: version 1 is the platform's own wording.
/// </summary>
public sealed class AgreementWordingVersion
{
    private AgreementWordingVersion() { }

    public AgreementWordingVersion(Guid organizationId, int version, string recital, string effect, string remedies, string copies, string createdBy, DateTime createdAtUtc)
    {
        Id = Guid.NewGuid();
        OrganizationId = organizationId;
        Version = version;
        Recital = recital;
        Effect = effect;
        Remedies = remedies;
        Copies = copies;
        CreatedBy = createdBy;
        CreatedAtUtc = createdAtUtc;
    }

    public Guid Id { get; private set; }
    public Guid OrganizationId { get; private set; }
    public int Version { get; private set; }
    public string Recital { get; private set; } = "";
    public string Effect { get; private set; } = "";
    public string Remedies { get; private set; } = "";
    public string Copies { get; private set; } = "";

    /// <summary>The staff user who wrote it.</summary>
    public string CreatedBy { get; private set; } = "";
    public DateTime CreatedAtUtc { get; private set; }
}
