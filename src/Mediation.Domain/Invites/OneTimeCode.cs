using System.Security.Cryptography;
using System.Text;

namespace Mediation.Domain.Invites;

/// <summary>
/// A six-digit code sent to a phone to prove that the person at the screen holds it: the party behind an
/// invite link, or an applicant applying online to an organization. Lives five minutes, allows five tries, is
/// used once. Stored as a salted SHA-256.
/// </summary>
public sealed class OneTimeCode : IVersioned
{
    public const int Digits = 6;
    public const int MaxAttempts = 5;
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private OneTimeCode() { }

    private OneTimeCode(Guid? inviteId, Guid? organizationId, Guid? documentId, string phone, string requestedFromIp, byte[] salt, byte[] hash, DateTime nowUtc)
    {
        Id = Guid.NewGuid();
        InviteId = inviteId;
        OrganizationId = organizationId;
        DocumentId = documentId;
        Phone = phone;
        RequestedFromIp = requestedFromIp;
        Salt = salt;
        CodeHash = hash;
        CreatedAtUtc = nowUtc;
        ExpiresAtUtc = nowUtc + Lifetime;
    }

    public Guid Id { get; private set; }
    /// <summary>The invite this code opens, for a party joining a case.</summary>
    public Guid? InviteId { get; private set; }

    /// <summary>The organization applied to, for an online application.</summary>
    public Guid? OrganizationId { get; private set; }

    /// <summary>The document being signed (an agreement, a session's record): the code confirms one signature
    /// (电子签名法 art. 13: only the signer controls the signing, by the phone that is theirs).</summary>
    public Guid? DocumentId { get; private set; }
    public string Phone { get; private set; } = "";
    public string RequestedFromIp { get; private set; } = "";
    public byte[] Salt { get; private set; } = [];
    public byte[] CodeHash { get; private set; } = [];
    public DateTime CreatedAtUtc { get; private set; }
    public DateTime ExpiresAtUtc { get; private set; }
    public int FailedAttempts { get; private set; }
    public DateTime? ConsumedAtUtc { get; private set; }
    public Guid Version { get; set; }

    public int AttemptsLeft => Math.Max(0, MaxAttempts - FailedAttempts);

    /// <summary>Creates a code; the plain digits are returned once, for the SMS, and never stored.</summary>
    public static (OneTimeCode Code, string Digits) Issue(Guid inviteId, string phone, string requestedFromIp, DateTime nowUtc) =>
        Create(inviteId, null, null, phone, requestedFromIp, nowUtc);

    public static (OneTimeCode Code, string Digits) IssueForApplication(Guid organizationId, string phone, string requestedFromIp, DateTime nowUtc) =>
        Create(null, organizationId, null, phone, requestedFromIp, nowUtc);

    public static (OneTimeCode Code, string Digits) IssueForSigning(Guid documentId, string phone, string requestedFromIp, DateTime nowUtc) =>
        Create(null, null, documentId, phone, requestedFromIp, nowUtc);

    private static (OneTimeCode Code, string Digits) Create(Guid? inviteId, Guid? organizationId, Guid? documentId, string phone, string requestedFromIp, DateTime nowUtc)
    {
        var digits = RandomNumberGenerator.GetInt32(0, 1_000_000).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
        var salt = RandomNumberGenerator.GetBytes(16);
        return (new OneTimeCode(inviteId, organizationId, documentId, phone, requestedFromIp, salt, Hash(salt, digits), nowUtc), digits);
    }

    public CodeCheck Verify(string attempt, DateTime nowUtc)
    {
        if (ConsumedAtUtc is not null)
        {
            return CodeCheck.AlreadyUsed;
        }

        if (nowUtc >= ExpiresAtUtc)
        {
            return CodeCheck.Expired;
        }

        if (FailedAttempts >= MaxAttempts)
        {
            return CodeCheck.TooManyAttempts;
        }

        var candidate = Hash(Salt, attempt.Trim());
        if (CryptographicOperations.FixedTimeEquals(candidate, CodeHash))
        {
            ConsumedAtUtc = nowUtc;
            return CodeCheck.Accepted;
        }

        FailedAttempts++;
        return FailedAttempts >= MaxAttempts ? CodeCheck.TooManyAttempts : CodeCheck.Wrong;
    }

    private static byte[] Hash(byte[] salt, string digits)
    {
        var input = new byte[salt.Length + Encoding.ASCII.GetMaxByteCount(digits.Length)];
        salt.CopyTo(input, 0);
        var written = Encoding.ASCII.GetBytes(digits, input.AsSpan(salt.Length));
        return SHA256.HashData(input.AsSpan(0, salt.Length + written));
    }
}

public enum CodeCheck
{
    Accepted,
    Wrong,
    Expired,
    TooManyAttempts,
    AlreadyUsed,
}
