namespace Mediation.Domain;

/// <summary>A rule's verdict: fine, or refused with a stable code (for APIs and translations) and a message.</summary>
public readonly record struct DomainResult(string? ErrorCode, string? Message)
{
    public static readonly DomainResult Ok = new(null, null);

    public bool IsOk => ErrorCode is null;

    public static DomainResult Refuse(string code, string message) => new(code, message);
}
