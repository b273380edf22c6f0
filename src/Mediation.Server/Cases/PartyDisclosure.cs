using Mediation.Domain.Cases;
using Mediation.Server.Access;

namespace Mediation.Server.Cases;

/// <summary>
/// What each reader of a case sees of its parties and agents, in one place (个人信息保护法 arts. 6 and 51: no more
/// personal data than the purpose needs). Staff working on the case and the delegating court's clerks see everything:
/// they draft and review the agreement and the 司法确认 application, which name every party in full. A party sees all
/// of its own particulars. Of anyone else a party sees what identifies them in the mediation and no more: a worker's
/// name and side; an employer's name, unified social credit code, legal representative and address, which are on the
/// public register and where documents are served. Never another person's identity number, phone, birth date, gender,
/// ethnicity, home address or workplace — together with a masked number, a birth date and gender give the whole
/// number back. Of an agent (委托代理人), another party sees the name, kind and authority, which decide what the agent
/// may sign.
/// </summary>
public static class PartyDisclosure
{
    /// <summary>The party as <paramref name="reader"/> (with <paramref name="readerPartyId"/> when a party reads) may see it.</summary>
    public static PartyView For(PartyView party, CaseRole reader, Guid? readerPartyId)
    {
        if (reader != CaseRole.Party || party.Id == readerPartyId)
        {
            return party;
        }

        return party.Kind == PartyKind.Organization
            ? party with { Phone = null, Workplace = null, Gender = null, BirthDate = null, Ethnicity = null }
            : party with { IdNumber = null, Phone = null, Address = null, Workplace = null, LegalRepresentative = null, Gender = null, BirthDate = null, Ethnicity = null };
    }

    public static AgentView For(AgentView agent, CaseRole reader, Guid? readerPartyId) =>
        reader != CaseRole.Party || agent.PartyId == readerPartyId ? agent : agent with { Phone = null, IdNumber = null };
}
