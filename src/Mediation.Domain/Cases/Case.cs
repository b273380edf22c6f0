namespace Mediation.Domain.Cases;

/// <summary>A labour-dispute mediation case. The lifecycle, claims and deadlines belong to the case service;
/// this is the part every later feature (invites, sessions) hangs on: who the parties are, which
/// organization holds the case and which mediator runs it.</summary>
public sealed class Case : IVersioned
{
    private readonly List<CaseParty> _parties = [];

    private Case() { }

    public Case(Guid organizationId, string number, string subject, DateTime receivedAtUtc)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(number);
        Id = Guid.NewGuid();
        OrganizationId = organizationId;
        Number = number;
        Subject = subject;
        ReceivedAtUtc = receivedAtUtc;
    }

    public Guid Id { get; private set; }
    public Guid OrganizationId { get; private set; }

    /// <summary>Per organization and year, e.g. 劳调〔2026〕第0001号.</summary>
    public string Number { get; private set; } = "";
    public string Subject { get; private set; } = "";

    /// <summary>When the organization received the application: the 15-day limit of 调解仲裁法 art. 14 runs from here.</summary>
    public DateTime ReceivedAtUtc { get; private set; }

    /// <summary>The Identity user id of the assigned mediator, if any.</summary>
    public string? MediatorUserId { get; private set; }

    public IReadOnlyList<CaseParty> Parties => _parties;
    public Guid Version { get; set; }

    public CaseParty AddParty(PartySide side, PartyKind kind, string name, string? idNumber, string phone)
    {
        var party = new CaseParty(Id, side, kind, name, idNumber, phone);
        _parties.Add(party);
        return party;
    }

    public void AssignMediator(string mediatorUserId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(mediatorUserId);
        MediatorUserId = mediatorUserId;
    }
}
