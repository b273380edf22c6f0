using System.Security.Claims;
using Mediation.Domain.Access;
using Mediation.Domain.Cases;
using Mediation.Domain.Sessions;
using Mediation.Server.Access;

namespace Mediation.Server.Sessions;

/// <summary>Who a hub connection is, fixed when it joins a case: the person, their relation to the case (the role a
/// recheck on every call must find again) and how the room shows them.</summary>
internal sealed record SessionCaller(Guid CaseId, SessionPerson Person, CaseRole Relation, string DisplayName, Guid? PartyId, PartySide? Side)
{
    /// <summary>Staff hosting the session (mediator, organization admin); parties are guests.</summary>
    public bool IsHost => Person.IsStaff;

    /// <summary>The role name the attendance records.</summary>
    public string Role => IsHost ? Relation.ToString() : "Party";

    public static SessionCaller Of(CaseAccessGrant grant, ClaimsPrincipal user)
    {
        if (grant.Role == CaseRole.Party)
        {
            var party = grant.Case.Parties.First(p => p.Id == grant.PartyId);
            return new(grant.Case.Id, SessionPerson.Party(party.Id), grant.Role, party.Name, party.Id, party.Side);
        }

        return new(grant.Case.Id, user.SessionPerson(), grant.Role, user.FindFirstValue(StaffClaimsPrincipalFactory.DisplayNameClaim) ?? "", null, null);
    }
}

public static class SessionPeople
{
    /// <summary>The person a signed-in principal is in a live session: a party by its party id, staff by account.</summary>
    public static SessionPerson SessionPerson(this ClaimsPrincipal user) =>
        user.IsInRole(Roles.Party) && Guid.TryParse(user.FindFirstValue(PartyAuthentication.PartyIdClaim), out var partyId)
            ? Domain.Sessions.SessionPerson.Party(partyId)
            : Domain.Sessions.SessionPerson.Staff(user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("A signed-in user has an id."));
}
