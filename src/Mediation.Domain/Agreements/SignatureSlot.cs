using Mediation.Domain.Cases;

namespace Mediation.Domain.Agreements;

/// <summary>Who signs in a slot: a party in person, a party's specially authorised agent, the mediator, or the
/// organization by its seal.</summary>
public enum SignerKind
{
    Party,
    Agent,
    Mediator,
    Organization,
}

/// <summary>The one who may sign a slot: their kind and their identity in it (a party's or an agent's id, the
/// mediator's user id, the organization's id).</summary>
public sealed record Signer(SignerKind Kind, string Id)
{
    /// <summary>Whether the signature is a party's consent (in person or by its agent): the agreement takes effect
    /// when the last of these is given (在线调解规则 art. 19).</summary>
    public bool IsPartySide => Kind is SignerKind.Party or SignerKind.Agent;
}

/// <summary>
/// A place to sign in a frozen version and who alone may sign it. What the document prints above it is the
/// template's (the wording lives with the documents, not here).
/// </summary>
/// <param name="Name">The slot's name, unique in the version (the PDF signature field's /T).</param>
/// <param name="SignerKind">Who signs there: their kind …</param>
/// <param name="SignerId">… and their identity in it.</param>
/// <param name="SignerName">Their name as printed and as their certificate will name them.</param>
/// <param name="Side">The side the signature is given for, for a party's own or its agent's; else null.</param>
/// <param name="ForPartyId">The party it is given for, likewise.</param>
/// <param name="ForPartyName">That party's name (an agent signs "for 张三").</param>
public sealed record SignatureSlot(string Name, SignerKind SignerKind, string SignerId, string SignerName, PartySide? Side = null, Guid? ForPartyId = null,
    string? ForPartyName = null)
{
    public SignatureSlot(string name, Signer signer, string signerName, PartySide? side = null, Guid? forPartyId = null, string? forPartyName = null)
        : this(name, signer.Kind, signer.Id, signerName, side, forPartyId, forPartyName)
    {
    }

    public Signer Signer => new(SignerKind, SignerId);
}

/// <summary>A signature given: in which slot, by whom, when, and the document's hash before and after it.</summary>
public sealed record GivenSignature(string Slot, SignerKind SignerKind, string SignerId, DateTime SignedAtUtc, string DocumentSha256Before, string DocumentSha256After)
{
    public Signer Signer => new(SignerKind, SignerId);
}

/// <summary>
/// The rules every signed document shares (the agreement's versions, a session's 调解笔录): a slot signed only by the
/// one it names, once; an organization's seal after every other signature; and a signature made on the document's
/// latest bytes only, so two signers at once cannot each extend a different copy.
/// </summary>
public static class SlotSigning
{
    /// <summary>The outcome when the signature may not (or need not) be added; null when it may.</summary>
    public static (SigningOutcome Outcome, DomainResult Result)? Check(IReadOnlyList<SignatureSlot> slots, IReadOnlyList<GivenSignature> given, string slot,
        Signer signer, string? documentSha256, string sha256Before)
    {
        var place = slots.FirstOrDefault(s => s.Name == slot);
        if (place is null)
        {
            return (SigningOutcome.Refused, DomainResult.Refuse("signature-slot-not-found", "There is no such place to sign."));
        }

        if (place.Signer != signer)
        {
            return (SigningOutcome.Refused, DomainResult.Refuse("signature-slot-not-yours", "That place is for another signer."));
        }

        if (given.Any(s => s.Slot == slot))
        {
            return (SigningOutcome.AlreadySigned, DomainResult.Ok);
        }

        if (signer.Kind == SignerKind.Organization && slots.Any(s => s.Name != slot && given.All(g => g.Slot != s.Name)))
        {
            return (SigningOutcome.Refused, DomainResult.Refuse("seal-before-signatures", "The organization's seal comes last, after every signature."));
        }

        // Two signers at once: the second signed bytes that are no longer the document's latest. Nothing is kept;
        // signing again uses the latest.
        return documentSha256 != sha256Before
            ? (SigningOutcome.Refused, DomainResult.Refuse("agreement-document-changed", "Someone else signed a moment ago; please sign again."))
            : null;
    }
}
