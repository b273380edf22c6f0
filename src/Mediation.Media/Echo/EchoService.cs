using Mediation.Media.Ice;
using Mediation.Media.Sdp;
using Mediation.Media.Transport;

namespace Mediation.Media.Echo;

public sealed record EchoAnswer(Guid TransportId, string Sdp);

public enum EchoRefusal
{
    /// <summary>The offer is malformed or offers nothing we can serve.</summary>
    BadOffer,
    /// <summary>A server or per-address limit stands in the way.</summary>
    AtCapacity,
}

/// <summary>
/// The pre-call device and network test: answer a non-trickle offer with a transport whose media comes straight
/// back. Same shape as the webrtc-echoes "Peer Connection Test", so any stack's test client can check us.
/// </summary>
public sealed class EchoService(MediaServer server, MediaOptions options)
{
    public EchoAnswer? Answer(string offerSdp, string source, string owner, out EchoRefusal refusal, out string error)
    {
        refusal = EchoRefusal.BadOffer;
        if (!SessionDescription.TryParse(offerSdp, out var offer, out error))
        {
            return null;
        }

        var local = IceCredentials.Generate();
        var parameters = new LocalParameters(local.Ufrag, local.Pwd, server.Certificate.Fingerprint, server.Candidates, "echo-" + local.Ufrag);
        if (!SdpAnswerer.TryAnswer(offer!, parameters, out var session, out error))
        {
            return null;
        }

        var transport = server.CreateTransport(source, local, new IceCredentials(session!.RemoteIceUfrag, session.RemoteIcePwd), session.RemoteFingerprint, out var limit);
        if (transport is null)
        {
            (refusal, error) = (EchoRefusal.AtCapacity, limit!);
            return null;
        }

        transport.Owner = owner;
        transport.Sink = new EchoSession(session.Media);
        transport.ExpiresUtc = transport.CreatedUtc + options.EchoMaxDuration;
        return new EchoAnswer(transport.Id, session.Answer.ToString());
    }
}
