using System.Net;
using System.Text;
using Mediation.Media.Stun;
using Mediation.Media.Transport;

namespace Mediation.Media.Ice;

public enum IceCheckOutcome
{
    /// <summary>Authenticated: answer with the success response.</summary>
    Accepted,
    /// <summary>Malformed for ICE (no USERNAME, FINGERPRINT or MESSAGE-INTEGRITY): dropped without an answer. RFC 8489
    /// §6.3.1 would answer 400, but that answer is signed and larger than the unauthenticated request, so a spoofed
    /// source could use the port as an amplifier; a browser never sends such a request.</summary>
    BadRequest,
    /// <summary>Credentials do not match: answer 401 and bind nothing.</summary>
    Unauthorized,
    /// <summary>Not a Binding request, or not for us: drop.</summary>
    Ignored,
}

public readonly record struct IceCheck(IceCheckOutcome Outcome, byte[]? Response, bool SelectedChanged);

/// <summary>
/// The ICE-lite side of a connection (RFC 8445 §2.5): it gathers only host candidates, never sends checks, and
/// answers the browser's Binding requests. A remote address is selected only by a request that passes
/// MESSAGE-INTEGRITY with our password, so nobody else can redirect the media. Consent (RFC 7675) is the same
/// authenticated requests arriving from the selected address; without them for 30 seconds the consent expires.
/// </summary>
public sealed class IceLiteAgent(IceCredentials local, IceCredentials remote, TimeProvider time)
{
    public static readonly TimeSpan ConsentTimeout = TimeSpan.FromSeconds(30);

    private byte[] _localKey = Encoding.UTF8.GetBytes(local.Pwd);
    private DateTime _lastConsentUtc;

    public IceCredentials Local { get; private set; } = local;
    public IceCredentials Remote { get; private set; } = remote;
    public IPEndPoint? Selected { get; private set; }
    public IceProtocol SelectedProtocol { get; private set; }
    public DateTime LastConsentUtc => _lastConsentUtc;

    public bool ConsentExpired => Selected is not null && time.GetUtcNow().UtcDateTime - _lastConsentUtc > ConsentTimeout;

    public IceCheck Handle(StunMessage request, IPEndPoint from, IceProtocol protocol = IceProtocol.Udp)
    {
        if (request.Class != StunClass.Request || request.Method != StunMethod.Binding)
        {
            return new IceCheck(IceCheckOutcome.Ignored, null, false);
        }

        var username = request.Username;
        if (username is null || !request.Has(StunAttributeType.MessageIntegrity) || !request.VerifyFingerprint())
        {
            return new IceCheck(IceCheckOutcome.BadRequest, null, false);
        }

        // RFC 8445 §7.3: USERNAME is "our-ufrag:their-ufrag", protected with our password.
        if (username != $"{Local.Ufrag}:{Remote.Ufrag}" || !request.VerifyMessageIntegrity(_localKey))
        {
            return new IceCheck(IceCheckOutcome.Unauthorized, Error(request, 401, "Unauthorized"), false);
        }

        var changed = false;
        // The controlling browser nominates with USE-CANDIDATE; until it does, the first authenticated
        // address serves, so DTLS can start as soon as the browser does.
        var isSelected = Selected is not null && Selected.Equals(from) && SelectedProtocol == protocol;
        if (Selected is null || (request.Has(StunAttributeType.UseCandidate) && !isSelected))
        {
            Selected = from;
            SelectedProtocol = protocol;
            isSelected = changed = true;
        }

        if (isSelected)
        {
            _lastConsentUtc = time.GetUtcNow().UtcDateTime;
        }

        var response = new StunMessageBuilder(StunMethod.Binding, StunClass.SuccessResponse, request.TransactionId)
            .AddXorMappedAddress(from)
            .AddMessageIntegrity(_localKey)
            .AddFingerprint()
            .Build();
        return new IceCheck(IceCheckOutcome.Accepted, response, changed);
    }

    /// <summary>ICE restart (RFC 8445 §9): new credentials on both sides; the selected address stays until a
    /// request with the new credentials selects another.</summary>
    public void Restart(IceCredentials newLocal, IceCredentials newRemote)
    {
        Local = newLocal;
        Remote = newRemote;
        _localKey = Encoding.UTF8.GetBytes(newLocal.Pwd);
    }

    private byte[] Error(StunMessage request, int code, string reason) =>
        new StunMessageBuilder(StunMethod.Binding, StunClass.ErrorResponse, request.TransactionId)
            .AddErrorCode(code, reason)
            .AddMessageIntegrity(_localKey)
            .AddFingerprint()
            .Build();
}
