using System.Globalization;
using System.Text.Json;
using Mediation.Domain.Audit;

namespace Mediation.Domain.Cases;

/// <summary>
/// A labour-dispute mediation case: who the parties are, what is claimed, which organization holds it and which
/// mediator runs it, and where it stands. The status changes only through <see cref="CaseLifecycle"/>, and every
/// change appends to the case's hash-chained audit log.
/// </summary>
public sealed class Case : IVersioned
{
    private readonly List<CaseParty> _parties = [];
    private readonly List<CaseAgent> _agents = [];
    private readonly List<DisputeClaim> _claims = [];
    private readonly List<CaseAuditEntry> _auditEntries = [];
    private readonly List<RecordEntry> _recordEntries = [];

    private Case() { }

    public Case(Guid organizationId, string number, string subject, DateTime receivedAtUtc, IntakeChannel channel = IntakeChannel.Staff, string registeredBy = "system")
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(number);
        Id = Guid.NewGuid();
        OrganizationId = organizationId;
        Number = number;
        Subject = subject;
        ReceivedAtUtc = receivedAtUtc;
        Channel = channel;
        Status = CaseStatus.Applied;
        AuditHeadHash = AuditChain.Genesis;
        Audit(receivedAtUtc, registeredBy, "registered", new { number, channel = channel.ToString() });
    }

    public Guid Id { get; private set; }
    public Guid OrganizationId { get; private set; }

    /// <summary>Per organization and year, e.g. 劳调〔2026〕第0001号.</summary>
    public string Number { get; private set; } = "";
    public string Subject { get; private set; } = "";

    /// <summary>The application's facts and reasons (申请的事实和理由; 调解仲裁法 art. 12 for an oral one).</summary>
    public string Facts { get; private set; } = "";
    public IntakeChannel Channel { get; private set; }
    public CaseStatus Status { get; private set; }

    /// <summary>SHA-256 of the tracking number an online applicant checks progress with (only the hash is kept).</summary>
    public string? TrackingCodeHash { get; private set; }

    /// <summary>When the organization received the application: the 15-day limit of 调解仲裁法 art. 14 runs from here.</summary>
    public DateTime ReceivedAtUtc { get; private set; }
    public DateTime? AcceptedAtUtc { get; private set; }
    public DateTime? ClosedAtUtc { get; private set; }
    public string? DeclineReason { get; private set; }
    public TerminationReason? TerminationReason { get; private set; }
    public string? TerminationNotes { get; private set; }

    /// <summary>The China calendar day the agreement took effect (the last signature, 在线调解规则 art. 19).</summary>
    public DateOnly? AgreementEffectiveOn { get; private set; }
    public ReferralRoute? Referral { get; private set; }
    public Guid? TransferredToOrganizationId { get; private set; }

    /// <summary>For a case received by transfer: the case it continues in the other organization.</summary>
    public Guid? TransferredFromCaseId { get; private set; }

    /// <summary>The Identity user id of the assigned mediator, if any.</summary>
    public string? MediatorUserId { get; private set; }

    /// <summary>Ten or more workers with a common claim (调解仲裁法 art. 7): decided from the applicants.</summary>
    public bool IsCollective { get; private set; }

    /// <summary>For a case the court delegated before filing (委派调解): that court, which has jurisdiction over
    /// its confirmation (法释〔2011〕5号 art. 2) and whose clerks follow the case.</summary>
    public Guid? DelegatingCourtId { get; private set; }

    /// <summary>The delegating court's own reference for the dispute (its 诉前调解 number).</summary>
    public string? CourtReference { get; private set; }

    /// <summary>A party's pending request for another mediator (人民调解法 art. 23: parties may choose or accept
    /// the mediator, and ask for 回避 — 在线调解规则 art. 13), until the organization reassigns or dismisses it.</summary>
    public MediatorChangeRequest? MediatorChangeRequest { get; private set; }

    public IReadOnlyList<CaseParty> Parties => _parties;
    public IReadOnlyList<CaseAgent> Agents => _agents;
    public IReadOnlyList<DisputeClaim> Claims => _claims;

    /// <summary>Audit entries added since the case was loaded (the stored log is read separately).</summary>
    public IReadOnlyList<CaseAuditEntry> AuditEntries => _auditEntries;

    /// <summary>Record lines added since the case was loaded (the stored record is read separately).</summary>
    public IReadOnlyList<RecordEntry> RecordEntries => _recordEntries;

    /// <summary>How many lines the mediation record has.</summary>
    public int RecordLength { get; private set; }
    public long AuditSequence { get; private set; }
    public string AuditHeadHash { get; private set; } = "";
    public Guid Version { get; set; }

    public void SetFacts(string facts) => Facts = facts.Trim();

    /// <summary>The receiving organization's new case for a transferred one: the same parties, claims and facts,
    /// received now, starting as a fresh application (the receiving organization decides on acceptance).</summary>
    public Case ContinueAt(Guid organizationId, string number, string actor, DateTime nowUtc)
    {
        if (Status != CaseStatus.TransferredOut || TransferredToOrganizationId != organizationId)
        {
            throw new InvalidOperationException("Only a case transferred to that organization continues there.");
        }

        var next = new Case(organizationId, number, Subject, nowUtc, IntakeChannel.Transfer, actor)
        {
            TransferredFromCaseId = Id,
            IsCollective = IsCollective,
            DelegatingCourtId = DelegatingCourtId,
            CourtReference = CourtReference,
        };
        next.SetFacts(Facts);
        foreach (var p in _parties)
        {
            var copy = next.AddParty(p.Side, p.Kind, p.Name, p.IdNumber, p.Phone);
            copy.CopyDescriptionFrom(p);
            foreach (var agent in _agents.Where(a => a.PartyId == p.Id))
            {
                next._agents.Add(new CaseAgent(next.Id, copy.Id, agent.Name, agent.Phone, agent.IdNumber, agent.Kind, agent.Authority));
            }
        }

        foreach (var claim in _claims)
        {
            next.AddClaim(claim, actor, nowUtc);
        }

        return next;
    }

    /// <summary>Gives the case a tracking number for its online applicant; returned once, stored hashed.</summary>
    public string IssueTrackingCode()
    {
        var code = TrackingCode.Generate();
        TrackingCodeHash = TrackingCode.Hash(code);
        return code;
    }

    public CaseParty AddParty(PartySide side, PartyKind kind, string name, string? idNumber, string phone)
    {
        var party = new CaseParty(Id, side, kind, name, idNumber, phone);
        _parties.Add(party);
        return party;
    }

    /// <summary>Marks the case collective when ten or more natural-person applicants share it (调解仲裁法 art. 7).</summary>
    internal void DecideCollective() =>
        IsCollective = CollectiveDispute.Qualifies(_parties.Count(p => p.Side == PartySide.Applicant && p.Kind == PartyKind.NaturalPerson));

    /// <summary>Records that a court delegated this dispute to the organization before filing (委派调解).</summary>
    public void DelegatedBy(Guid courtId, string courtReference)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(courtReference);
        (DelegatingCourtId, CourtReference) = (courtId, courtReference.Trim());
    }

    /// <summary>Files a party's 授权委托书: the agent, who they are to the party and the scope of authority.</summary>
    public DomainResult AddAgent(Guid partyId, string name, string phone, string? idNumber, AgentKind kind, AgentAuthority authority, string actor, DateTime nowUtc)
    {
        var valid = CaseAgent.Validate(name, phone, idNumber);
        if (!valid.IsOk)
        {
            return valid;
        }

        if (_parties.All(p => p.Id != partyId))
        {
            return DomainResult.Refuse("party-not-found", "The case has no such party.");
        }

        if (CaseLifecycle.IsClosed(Status))
        {
            return DomainResult.Refuse("case-closed", "The case is closed.");
        }

        var agent = new CaseAgent(Id, partyId, name, phone, idNumber, kind, authority);
        _agents.Add(agent);
        Audit(nowUtc, actor, "agent-added", new { agent.Id, partyId, agent.Name, kind = kind.ToString(), authority = authority.ToString() });
        return DomainResult.Ok;
    }

    /// <summary>Ends an agent's mandate (the party revoked it or the agent withdrew).</summary>
    public DomainResult RemoveAgent(Guid agentId, string actor, DateTime nowUtc)
    {
        var agent = _agents.FirstOrDefault(a => a.Id == agentId);
        if (agent is null)
        {
            return DomainResult.Refuse("agent-not-found", "The case has no such agent.");
        }

        _agents.Remove(agent);
        Audit(nowUtc, actor, "agent-removed", new { agent.Id, agent.PartyId, agent.Name });
        return DomainResult.Ok;
    }

    /// <summary>A party asks for another mediator, with a reason; the organization decides (reassigns or dismisses).</summary>
    public DomainResult RequestAnotherMediator(Guid partyId, string reason, DateTime nowUtc)
    {
        if (string.IsNullOrWhiteSpace(reason) || reason.Length > MediatorChangeRequest.MaxReasonLength)
        {
            return DomainResult.Refuse("reason-required", $"Say why, in at most {MediatorChangeRequest.MaxReasonLength} characters.");
        }

        if (Status is not (CaseStatus.MediatorAssigned or CaseStatus.InMediation))
        {
            return DomainResult.Refuse("no-mediator", "Another mediator can be asked for while a mediator is assigned and the case is open.");
        }

        if (MediatorChangeRequest is not null)
        {
            return DomainResult.Refuse("request-pending", "A request for another mediator is already waiting for the organization's decision.");
        }

        MediatorChangeRequest = new MediatorChangeRequest(partyId, reason.Trim(), nowUtc);
        Audit(nowUtc, $"party:{partyId}", "mediator-change-requested", new { partyId, reason = MediatorChangeRequest.Reason });
        return DomainResult.Ok;
    }

    /// <summary>The organization keeps the mediator and says why; the party is told.</summary>
    public DomainResult DismissMediatorChangeRequest(string actor, string reason, DateTime nowUtc)
    {
        if (MediatorChangeRequest is null)
        {
            return DomainResult.Refuse("no-request", "No request for another mediator is pending.");
        }

        if (string.IsNullOrWhiteSpace(reason))
        {
            return DomainResult.Refuse("reason-required", "Dismissing the request needs a reason the party will read.");
        }

        if (reason.Trim().Length > TextLimits.Reason)
        {
            return ReasonTooLong;
        }

        MediatorChangeRequest = null;
        Audit(nowUtc, actor, "mediator-change-dismissed", new { reason = reason.Trim() });
        return DomainResult.Ok;
    }

    public DomainResult AddClaim(DisputeClaim claim, string actor, DateTime nowUtc)
    {
        var valid = claim.Validate();
        if (!valid.IsOk)
        {
            return valid;
        }

        if (Status is not (CaseStatus.Applied or CaseStatus.Accepted))
        {
            return DomainResult.Refuse("claims-closed", "Claims are set before mediation starts.");
        }

        _claims.Add(claim);
        Audit(nowUtc, actor, "claim-added", new { category = claim.Category.ToString(), claim.Description, claim.Amount });
        return DomainResult.Ok;
    }

    /// <summary>Files evidence already stored and hashed; the case's log records its name, size and SHA-256.</summary>
    public EvidenceFile AddEvidence(string fileName, string contentType, long size, string sha256, string storagePath, string uploadedBy, Guid? partyId, DateTime nowUtc)
    {
        var evidence = new EvidenceFile(Id, fileName, contentType, size, sha256, storagePath, uploadedBy, partyId, nowUtc);
        Audit(nowUtc, uploadedBy, "evidence-added", new { evidence.Id, fileName, size, sha256 });
        return evidence;
    }

    /// <summary>Adds a line to the 调解笔录. The record is kept while the case is being mediated (and, for the
    /// outcome line, just after): not before acceptance, not once the case is closed.</summary>
    public DomainResult AddRecordEntry(RecordEntryKind kind, Guid? partyId, string text, string author, DateTime nowUtc, PartySide? privateTo = null,
        Guid? reference = null)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > RecordEntry.MaxTextLength)
        {
            return DomainResult.Refuse("record-text", $"A record line needs text of at most {RecordEntry.MaxTextLength} characters.");
        }

        if (partyId is not null && _parties.Count > 0 && _parties.All(p => p.Id != partyId))
        {
            return DomainResult.Refuse("party-not-found", "The case has no such party.");
        }

        if (Status is not (CaseStatus.MediatorAssigned or CaseStatus.InMediation or CaseStatus.AgreementReached or CaseStatus.Failed))
        {
            return DomainResult.Refuse("record-closed", "The record is kept while the case is in mediation.");
        }

        RecordLength++;
        _recordEntries.Add(new RecordEntry(Id, RecordLength, kind, partyId, text.Trim(), author, nowUtc, privateTo, reference));
        Audit(nowUtc, author, "record-entry", privateTo is null
            ? new { sequence = RecordLength, kind = kind.ToString(), partyId }
            : new { sequence = RecordLength, kind = kind.ToString(), partyId, privateTo = privateTo.ToString() });
        return DomainResult.Ok;
    }

    public DomainResult Accept(string actor, DateTime nowUtc) =>
        Move(CaseCommand.Accept, actor, nowUtc, new { }, () => AcceptedAtUtc = nowUtc);

    public DomainResult Decline(string actor, DateTime nowUtc, string reason) =>
        string.IsNullOrWhiteSpace(reason)
            ? DomainResult.Refuse("reason-required", "Declining an application needs a reason (在线调解规则 art. 12).")
            : reason.Trim().Length > TextLimits.Reason ? ReasonTooLong
            : Move(CaseCommand.Decline, actor, nowUtc, new { reason }, () => (DeclineReason, ClosedAtUtc) = (reason.Trim(), nowUtc));

    public DomainResult AssignMediator(string actor, DateTime nowUtc, string mediatorUserId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(mediatorUserId);
        if (MediatorChangeRequest is not null && mediatorUserId == MediatorUserId)
        {
            return DomainResult.Refuse("same-mediator", "A party asked for another mediator: assign someone else, or dismiss the request with a reason.");
        }

        // Reassigning answers a pending request for another mediator.
        return Move(CaseCommand.AssignMediator, actor, nowUtc, new { mediator = mediatorUserId }, () => (MediatorUserId, MediatorChangeRequest) = (mediatorUserId, null));
    }

    public DomainResult StartMediation(string actor, DateTime nowUtc) => Move(CaseCommand.StartMediation, actor, nowUtc, new { }, null);

    public DomainResult RecordAgreement(string actor, DateTime nowUtc, DateOnly effectiveOn) =>
        Move(CaseCommand.RecordAgreement, actor, nowUtc, new { effectiveOn = effectiveOn.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) }, () => AgreementEffectiveOn = effectiveOn);

    private static readonly DomainResult ReasonTooLong = DomainResult.Refuse("reason-too-long", $"A reason has at most {TextLimits.Reason} characters.");

    public DomainResult Fail(string actor, DateTime nowUtc, TerminationReason reason, string? notes) =>
        notes is not null && notes.Trim().Length > TextLimits.TerminationNotes
            ? DomainResult.Refuse("notes-too-long", $"The notes have at most {TextLimits.TerminationNotes} characters.")
            : Move(CaseCommand.Fail, actor, nowUtc, new { reason = reason.ToString(), notes }, () => (TerminationReason, TerminationNotes) = (reason, notes));

    public DomainResult Withdraw(string actor, DateTime nowUtc) =>
        Move(CaseCommand.Withdraw, actor, nowUtc, new { }, () => ClosedAtUtc = nowUtc);

    public DomainResult BeginSupervision(string actor, DateTime nowUtc) => Move(CaseCommand.BeginSupervision, actor, nowUtc, new { }, null);

    public DomainResult ConfirmPerformed(string actor, DateTime nowUtc) =>
        Move(CaseCommand.ConfirmPerformed, actor, nowUtc, new { }, () => ClosedAtUtc = nowUtc);

    public DomainResult ReportNotPerformed(string actor, DateTime nowUtc) => Move(CaseCommand.ReportNotPerformed, actor, nowUtc, new { }, null);

    /// <summary>Refers the case on; the caller has checked the route with <see cref="ReferralRules"/>.</summary>
    public DomainResult Refer(string actor, DateTime nowUtc, ReferralRoute route) =>
        Move(CaseCommand.Refer, actor, nowUtc, new { route = route.ToString() }, () => (Referral, ClosedAtUtc) = (route, nowUtc));

    public DomainResult TransferOut(string actor, DateTime nowUtc, Guid toOrganizationId) =>
        toOrganizationId == OrganizationId
            ? DomainResult.Refuse("transfer-same-organization", "A case cannot be transferred to the organization that holds it.")
            : Move(CaseCommand.TransferOut, actor, nowUtc, new { to = toOrganizationId }, () => (TransferredToOrganizationId, ClosedAtUtc) = (toOrganizationId, nowUtc));

    public DomainResult Archive(string actor, DateTime nowUtc) =>
        Move(CaseCommand.Archive, actor, nowUtc, new { }, () => ClosedAtUtc ??= nowUtc);

    private DomainResult Move(CaseCommand command, string actor, DateTime nowUtc, object details, Action? effect)
    {
        var from = Status;
        var result = CaseLifecycle.Apply(Status, command, out var next);
        if (!result.IsOk)
        {
            return result;
        }

        Status = next;
        effect?.Invoke();
        Audit(nowUtc, actor, command.ToString(), new { from = from.ToString(), to = next.ToString(), details });
        return DomainResult.Ok;
    }

    /// <summary>An agreement's version frozen for signing, into the audit chain: its number and the document's hash.</summary>
    public void AuditAgreementFrozen(string actor, DateTime nowUtc, int version, string sha256) =>
        Audit(nowUtc, actor, "agreement-frozen", new { version, sha256 });

    /// <summary>
    /// A signature's evidence in the audit chain (电子签名法 art. 13: a later change to the signature or the document
    /// must be detectable): who, in which slot, the document's hash before and after, where from, with what browser,
    /// and how the signer confirmed it.
    /// </summary>
    public void AuditAgreementSigned(string actor, DateTime nowUtc, int version, string slot, string sha256Before, string sha256After, string address,
        string userAgent, string confirmedBy) =>
        Audit(nowUtc, actor, "agreement-signed", new { version, slot, sha256Before, sha256After, address, userAgent, confirmedBy });

    /// <summary>A session's 调解笔录 made as a document to confirm (在线调解规则 art. 22): which session, the hash.</summary>
    public void AuditRecordMade(string actor, DateTime nowUtc, Guid sessionId, string sha256) =>
        Audit(nowUtc, actor, "record-made", new { sessionId, sha256 });

    /// <summary>A signature confirming a session's 调解笔录, with the same evidence as an agreement's.</summary>
    public void AuditRecordSigned(string actor, DateTime nowUtc, Guid sessionId, string slot, string sha256Before, string sha256After, string address,
        string userAgent, string confirmedBy) =>
        Audit(nowUtc, actor, "record-signed", new { sessionId, slot, sha256Before, sha256After, address, userAgent, confirmedBy });

    private void Audit(DateTime nowUtc, string actor, string action, object details)
    {
        var entry = AuditChain.Append(AuditSequence, AuditHeadHash, nowUtc, actor, action, JsonSerializer.Serialize(details, AuditJson));
        _auditEntries.Add(new CaseAuditEntry(Id, entry));
        (AuditSequence, AuditHeadHash) = (entry.Sequence, entry.Hash);
    }

    private static readonly JsonSerializerOptions AuditJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
