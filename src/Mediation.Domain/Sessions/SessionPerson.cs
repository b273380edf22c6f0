using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace Mediation.Domain.Sessions;

public enum PersonKind
{
    /// <summary>A staff account (mediator, an organization's admin): hosts the session.</summary>
    Staff,

    /// <summary>A party of the case, in the party's case-scoped session.</summary>
    Party,
}

/// <summary>
/// Who a person in a live session is, whatever device or tab they use: a staff account by its user id, a party by its
/// party id. One presence per person hangs on it (a second connection replaces the first), and the media connection a
/// person opens is theirs (only they read its statistics). Written as <c>staff:{user id}</c> or <c>party:{party id}</c>
/// where it is stored.
/// </summary>
public readonly record struct SessionPerson(PersonKind Kind, string Id)
{
    private const string StaffPrefix = "staff:";
    private const string PartyPrefix = "party:";

    public static SessionPerson Staff(string userId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        return new(PersonKind.Staff, userId);
    }

    public static SessionPerson Party(Guid partyId) => new(PersonKind.Party, partyId.ToString("N", CultureInfo.InvariantCulture));

    public bool IsStaff => Kind == PersonKind.Staff;

    public override string ToString() => (Kind == PersonKind.Staff ? StaffPrefix : PartyPrefix) + Id;

    public static bool TryParse(string? text, [NotNullWhen(true)] out SessionPerson? person)
    {
        person = text switch
        {
            { Length: > 6 } when text.StartsWith(StaffPrefix, StringComparison.Ordinal) => new SessionPerson(PersonKind.Staff, text[StaffPrefix.Length..]),
            { Length: > 6 } when text.StartsWith(PartyPrefix, StringComparison.Ordinal) && Guid.TryParseExact(text[PartyPrefix.Length..], "N", out _)
                => new SessionPerson(PersonKind.Party, text[PartyPrefix.Length..]),
            _ => null,
        };
        return person is not null;
    }

    public static SessionPerson Parse(string text) =>
        TryParse(text, out var person) ? person.Value : throw new FormatException($"Not a session person: {text}");
}
