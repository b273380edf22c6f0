namespace Mediation.Documents.Verification;

/// <summary>What the verifier found in a document.</summary>
/// <param name="Problem">Why the file could not be checked at all (not-pdf, too-large, no-signature, …); null when
/// it was.</param>
/// <param name="Length">The file's size in bytes.</param>
/// <param name="Signatures">Each signature found, in the order they were made.</param>
/// <param name="ModifiedAfterLastSignature">Bytes follow the last signature's range: a change nobody signed.</param>
public sealed record VerificationReport(string? Problem, IReadOnlyList<SignatureReport> Signatures, bool ModifiedAfterLastSignature, long Length)
{
    /// <summary>Every signature intact and trusted (and its timestamp, where it has one, over it), nothing changed
    /// after them but further signatures, the last one covering the whole file.</summary>
    public bool AllValid => Problem is null && Signatures.Count > 0 && !ModifiedAfterLastSignature
        && Signatures.All(s => s.Intact && s.Trusted && !s.DisallowedChangeAfter && s.Timestamp is null or { Valid: true });

    public static VerificationReport Unreadable(string problem, long length) => new(problem, [], false, length);
}

/// <summary>One signature: who, when, and whether the document is as it was when they signed.</summary>
/// <param name="Field">The signature field's name (the slot).</param>
/// <param name="SubFilter">ETSI.CAdES.detached for PAdES; anything else is reported as it is.</param>
/// <param name="SignerName">The certificate's common name.</param>
/// <param name="Role">The certificate's organizational unit: the signer's part in the case.</param>
/// <param name="SignerReference">The certificate's serial number attribute: a masked ID number or a credit code.</param>
/// <param name="CaseNumber">The certificate's description: the case it was issued for.</param>
/// <param name="ClaimedTime">The signature dictionary's /M.</param>
/// <param name="Intact">The CMS signature verifies and its message digest matches the signed bytes.</param>
/// <param name="Trusted">The signer's certificate chains to a trusted root, valid at the claimed time, and is the
/// one the ESS signing-certificate-v2 attribute names.</param>
/// <param name="TrustProblem">Why it is not trusted (a code), or null.</param>
/// <param name="CoversWholeDocument">The byte range runs to the file's end.</param>
/// <param name="DisallowedChangeAfter">A later revision changed something other than signature fields and their
/// appearances (a page, its content, the catalog): the document shown is not the one signed.</param>
/// <param name="Chain">The certificate chain's subjects, signer first.</param>
/// <param name="SignedRevisionSha256">The hash of the revision signed (the bytes from the start to the range's end).</param>
/// <param name="Timestamp">The RFC 3161 signature timestamp (B-T), or null for a B-B signature.</param>
public sealed record SignatureReport(string Field, string SubFilter, string SignerName, string? Role, string? SignerReference, string? CaseNumber,
    DateTimeOffset? ClaimedTime, bool Intact, bool Trusted, string? TrustProblem, bool CoversWholeDocument, bool DisallowedChangeAfter,
    IReadOnlyList<string> Chain, string SignedRevisionSha256, SignatureTimestamp? Timestamp = null);

/// <summary>A signature's RFC 3161 timestamp: when the authority saw the signature, who the authority is (its
/// certificate's name), and whether the token is the authority's and over this signature's value. The authority's
/// own trust is the reader's to judge: it is not the platform's CA.</summary>
public sealed record SignatureTimestamp(DateTimeOffset? At, string? Authority, bool Valid);
