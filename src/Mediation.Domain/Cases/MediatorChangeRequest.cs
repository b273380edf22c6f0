namespace Mediation.Domain.Cases;

/// <summary>A party's request for another mediator, pending the organization's decision.</summary>
public sealed record MediatorChangeRequest(Guid PartyId, string Reason, DateTime RequestedAtUtc)
{
    public const int MaxReasonLength = 1000;
}
