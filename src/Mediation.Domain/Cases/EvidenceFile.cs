namespace Mediation.Domain.Cases;

/// <summary>A piece of evidence filed in a case: what it is, who filed it, and the SHA-256 that proves it is the
/// same file later (电子签名法 art. 13: later changes must be detectable).</summary>
public sealed class EvidenceFile
{
    private EvidenceFile() { }

    internal EvidenceFile(Guid caseId, string fileName, string contentType, long size, string sha256, string storagePath, string uploadedBy, Guid? partyId, DateTime atUtc)
    {
        Id = Guid.NewGuid();
        CaseId = caseId;
        FileName = fileName;
        ContentType = contentType;
        Size = size;
        Sha256 = sha256;
        StoragePath = storagePath;
        UploadedBy = uploadedBy;
        PartyId = partyId;
        UploadedAtUtc = atUtc;
    }

    public Guid Id { get; private set; }
    public Guid CaseId { get; private set; }
    public string FileName { get; private set; } = "";
    public string ContentType { get; private set; } = "";
    public long Size { get; private set; }
    public string Sha256 { get; private set; } = "";

    /// <summary>Where the document store keeps the bytes, relative to its root.</summary>
    public string StoragePath { get; private set; } = "";
    public string UploadedBy { get; private set; } = "";

    /// <summary>The party who filed it, when a party did.</summary>
    public Guid? PartyId { get; private set; }
    public DateTime UploadedAtUtc { get; private set; }
}

/// <summary>What evidence may be filed: PDF, JPEG and PNG, recognised by their first bytes rather than by the name
/// or the type the browser claims, up to a size limit.</summary>
/// <summary>How much evidence one case holds: files in all, bytes in all, and files filed by each party (a party's
/// uploads are the ones nobody on the staff vets before they are stored).</summary>
public sealed record EvidenceQuota(int MaxFilesPerCase = 200, long MaxBytesPerCase = 1024L * 1024 * 1024, int MaxFilesPerParty = 50);

public static class EvidencePolicy
{
    public const long DefaultMaxBytes = 20 * 1024 * 1024;

    /// <summary>Whether the case takes one more file: open, and within its quota.</summary>
    public static DomainResult CheckRoom(CaseStatus status, int filesInCase, long bytesInCase, int filesOfParty, long size, bool byParty, EvidenceQuota quota)
    {
        if (CaseLifecycle.IsClosed(status))
        {
            return DomainResult.Refuse("case-closed", "The case is closed: no more evidence is filed.");
        }

        if (filesInCase >= quota.MaxFilesPerCase || bytesInCase + size > quota.MaxBytesPerCase)
        {
            return DomainResult.Refuse("evidence-quota", $"A case holds at most {quota.MaxFilesPerCase} files and {quota.MaxBytesPerCase / (1024 * 1024)} MB of evidence.");
        }

        return byParty && filesOfParty >= quota.MaxFilesPerParty
            ? DomainResult.Refuse("evidence-quota", $"A party files at most {quota.MaxFilesPerParty} files; ask the mediator to file more.")
            : DomainResult.Ok;
    }

    /// <summary>The content type the bytes show, or a refusal.</summary>
    public static DomainResult Check(string fileName, long size, ReadOnlySpan<byte> head, long maxBytes, out string contentType)
    {
        contentType = "";
        if (string.IsNullOrWhiteSpace(fileName) || fileName.Length > 200)
        {
            return DomainResult.Refuse("evidence-name", "The file needs a name of at most 200 characters.");
        }

        if (size <= 0 || size > maxBytes)
        {
            return DomainResult.Refuse("evidence-size", $"Evidence files may be up to {maxBytes / (1024 * 1024)} MB.");
        }

        contentType = head switch
        {
            [0x25, 0x50, 0x44, 0x46, 0x2D, ..] => "application/pdf", // %PDF-
            [0xFF, 0xD8, 0xFF, ..] => "image/jpeg",
            [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, ..] => "image/png",
            _ => "",
        };
        return contentType.Length > 0 ? DomainResult.Ok : DomainResult.Refuse("evidence-type", "Evidence may be a PDF, a JPEG or a PNG file.");
    }
}
