using Mediation.Domain.Cases;

namespace Mediation.Domain.Agreements;

/// <summary>
/// Who signs an agreement, from the case: each party, or for a party the agent it chose to sign (only with special
/// authority, 民事诉讼法 art. 62); in a collective dispute the elected representatives for the workers (调解仲裁法
/// art. 7); then the mediator; and for a 调解协议书 the organization's seal last (在线调解规则 art. 19). A 和解协议
/// has neither mediator nor seal (domain.md §4.1, 法释〔2020〕26号 art. 35).
/// </summary>
public static class AgreementSigners
{
    public static (IReadOnlyList<SignatureSlot> Slots, DomainResult Result) For(
        Case @case, AgreementKind kind, (string UserId, string Name)? mediator, (Guid Id, string Name) organization,
        IReadOnlyDictionary<Guid, Guid> agentsSigningFor)
    {
        var slots = new List<SignatureSlot>();
        var representatives = @case.Parties.Where(p => p.IsRepresentative).ToList();
        foreach (var side in new[] { PartySide.Applicant, PartySide.Respondent })
        {
            var parties = @case.Parties.Where(p => p.Side == side).ToList();
            // A collective dispute's workers sign by their representatives, when the side has them.
            var signing = representatives.Any(r => r.Side == side) ? parties.Where(p => p.IsRepresentative).ToList() : parties;
            var index = 0;
            foreach (var party in signing)
            {
                index++;
                var slotName = $"{(side == PartySide.Applicant ? "applicant" : "respondent")}-{index}";
                if (agentsSigningFor.TryGetValue(party.Id, out var agentId))
                {
                    var agent = @case.Agents.FirstOrDefault(a => a.Id == agentId && a.PartyId == party.Id);
                    if (agent is null)
                    {
                        return ([], DomainResult.Refuse("agent-not-found", "That agent does not act for that party in this case."));
                    }

                    if (!agent.MayConcludeAgreement)
                    {
                        return ([], DomainResult.Refuse("agent-lacks-special-authority", "Only an agent with special authority may sign the agreement for a party (民事诉讼法 art. 62)."));
                    }

                    slots.Add(new SignatureSlot(slotName, new Signer(SignerKind.Agent, agent.Id.ToString()), agent.Name, side, party.Id, party.Name));
                }
                else
                {
                    slots.Add(new SignatureSlot(slotName, new Signer(SignerKind.Party, party.Id.ToString()), party.Name, side, party.Id, party.Name));
                }
            }
        }

        if (kind == AgreementKind.Mediation)
        {
            if (mediator is not { } m)
            {
                return ([], DomainResult.Refuse("agreement-no-mediator", "A mediation agreement is signed by the case's mediator; the case has none."));
            }

            slots.Add(new SignatureSlot("mediator", new Signer(SignerKind.Mediator, m.UserId), m.Name));
            slots.Add(new SignatureSlot("seal", new Signer(SignerKind.Organization, organization.Id.ToString()), organization.Name));
        }

        return slots.Any(s => s.Side == PartySide.Applicant) && slots.Any(s => s.Side == PartySide.Respondent)
            ? (slots, DomainResult.Ok)
            : ([], DomainResult.Refuse("agreement-parties-missing", "An agreement needs both sides."));
    }
}

/// <summary>Which document: 调解协议书 after mediation, 和解协议 after direct negotiation.</summary>
public enum AgreementKind
{
    Mediation,
    Settlement,
}
