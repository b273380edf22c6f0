using Mediation.Media.Ice;
using Mediation.Media.Sdp;
using Mediation.Media.Transport;

namespace Mediation.Media.Sfu;

/// <summary>An answer to a participant's offer, or why there is none.</summary>
public sealed record NegotiationResult(string? AnswerSdp, string? ErrorCode, string? Error)
{
    public bool IsOk => AnswerSdp is not null;
}

/// <summary>
/// One participant's side of a room's negotiation. The browser always offers (one RTCPeerConnection, BUNDLE): its
/// send-only m-lines become producers, and each receive-only m-line is given one of the tracks the signaling layer
/// has decided this participant may receive (<see cref="Receive"/>), as a consumer whose SSRC and msid (stream =
/// the publishing participant, track = the producer) the answer announces. Tracks no longer allowed are answered
/// inactive and their consumers closed, so the decision of who hears whom is carried out in the router itself.
/// </summary>
public sealed class Participant : IDisposable
{
    private readonly object _gate = new();
    private readonly MediaServer _server;
    private readonly Router _router;
    private readonly Dictionary<string, Producer> _producers = [];
    private readonly Dictionary<string, Consumer> _consumers = [];
    private IReadOnlySet<Producer> _allowed = new HashSet<Producer>();
    private WebRtcTransport? _transport;

    /// <summary>A participant of <paramref name="router"/>'s room whose connection <paramref name="server"/> will make.
    /// <paramref name="id"/> is the signaling layer's name for it, the msid stream id others see its tracks under;
    /// <paramref name="owner"/> is who the transport belongs to (its stats are theirs).</summary>
    public Participant(MediaServer server, Router router, string id, string owner)
    {
        _server = server;
        _router = router;
        Id = id;
        Owner = owner;
    }

    public string Id { get; }
    public string Owner { get; }
    public WebRtcTransport? Transport => _transport;

    public IReadOnlyList<Producer> Producers
    {
        get
        {
            lock (_gate)
            {
                return [.. _producers.Values];
            }
        }
    }

    /// <summary>The producers this participant may receive; takes effect at its next negotiation, except that a
    /// consumer of a producer no longer allowed is closed at once (caucus isolation does not wait for an offer).
    /// Returns whether that changed anything, i.e. whether the participant should offer again.</summary>
    public bool Receive(IReadOnlySet<Producer> allowed)
    {
        lock (_gate)
        {
            if (_allowed.SetEquals(allowed))
            {
                return false;
            }

            _allowed = allowed;
            foreach (var (mid, consumer) in _consumers.Where(c => !allowed.Contains(c.Value.Producer)).ToList())
            {
                _router.CloseConsumer(consumer);
                _consumers.Remove(mid);
            }

            return true;
        }
    }

    /// <summary>How many tracks of each kind the participant may receive: the receive-only m-lines its offer needs.</summary>
    public (int Audio, int Video) Wanted
    {
        get
        {
            lock (_gate)
            {
                return (_allowed.Count(p => p.Kind == MediaKind.Audio), _allowed.Count(p => p.Kind == MediaKind.Video));
            }
        }
    }

    public NegotiationResult Negotiate(string offerSdp, string source)
    {
        if (!SessionDescription.TryParse(offerSdp, out var offer, out var parseError))
        {
            return new(null, "bad-offer", parseError);
        }

        lock (_gate)
        {
            if (_transport is not null && SdpAnswerer.OfferedFingerprint(offer!)?.Split(' ', 2) is [_, var offered]
                && !offered.Equals(_transport.RemoteFingerprint, StringComparison.OrdinalIgnoreCase))
            {
                // Another certificate: the page made a new peer connection (its old one is gone, after a reload of the
                // media or a rejoin). That connection starts over: new transport, new tracks both ways. Taking the new
                // credentials as an ICE restart instead would leave the old DTLS association expecting the old certificate.
                CloseTransport();
            }

            var local = _transport?.Ice.Local ?? IceCredentials.Generate();
            var remoteUfrag = offer!.Attribute("ice-ufrag") ?? offer.Media.Select(m => m.Attribute("ice-ufrag")).FirstOrDefault(v => v is not null);
            var remotePwd = offer.Attribute("ice-pwd") ?? offer.Media.Select(m => m.Attribute("ice-pwd")).FirstOrDefault(v => v is not null);
            if (_transport is not null && remoteUfrag is not null && remotePwd is not null && remoteUfrag != _transport.Ice.Remote.Ufrag)
            {
                // The browser restarted ICE (a network change): new credentials, same DTLS association and keys.
                local = _transport.RestartIce(new IceCredentials(remoteUfrag, remotePwd));
            }

            var planned = new Dictionary<string, (Producer Producer, uint Ssrc)>();
            var parameters = new LocalParameters(local.Ufrag, local.Pwd, _server.Certificate.Fingerprint, _server.Candidates, Id);
            if (!SdpAnswerer.TryAnswer(offer, parameters, out var session, out var error, (mid, kind, codec) => Choose(mid, kind, codec, planned)))
            {
                return new(null, "bad-offer", error);
            }

            if (_transport is null)
            {
                _transport = _server.CreateTransport(source, local, new IceCredentials(session!.RemoteIceUfrag, session.RemoteIcePwd), session.RemoteFingerprint, out var refusal);
                if (_transport is null)
                {
                    return new(null, "media-at-capacity", refusal);
                }

                _transport.Owner = Owner;
                var attached = _router.Attach(_transport);
                if (!attached.IsOk)
                {
                    _transport.Dispose();
                    _transport = null;
                    return new(null, attached.ErrorCode, attached.Message);
                }
            }

            ApplyProducers(session!.Media);
            ApplyConsumers(session.Media, planned);
            return new(session.Answer.ToString(), null, null);
        }
    }

    private OutgoingTrack? Choose(string mid, string kind, RtpMap codec, Dictionary<string, (Producer Producer, uint Ssrc)> planned)
    {
        bool Fits(Producer p) => p.Kind.ToString().Equals(kind, StringComparison.OrdinalIgnoreCase)
            && (p.Options.Codec.Length == 0 || p.Options.Codec.Equals(codec.Codec, StringComparison.OrdinalIgnoreCase)) && !p.Closed;

        if (_consumers.TryGetValue(mid, out var existing) && _allowed.Contains(existing.Producer) && Fits(existing.Producer))
        {
            return Track(existing.Producer, existing.Options.Ssrc);
        }

        var taken = _consumers.Values.Select(c => c.Producer).Concat(planned.Values.Select(p => p.Producer)).ToHashSet();
        var next = _allowed.Where(p => !taken.Contains(p) && Fits(p)).OrderBy(p => p.Id).FirstOrDefault();
        if (next is null)
        {
            return null;
        }

        var ssrc = (uint)Random.Shared.NextInt64(1, uint.MaxValue);
        planned[mid] = (next, ssrc);
        return Track(next, ssrc);
    }

    private static OutgoingTrack Track(Producer producer, uint ssrc) =>
        new(ssrc, producer.Options.StreamId, producer.Id.ToString("N"));

    private void ApplyProducers(IReadOnlyList<NegotiatedMedia> media)
    {
        foreach (var m in media)
        {
            var ssrc = m.WeReceive && m.RemoteSsrcs.Count > 0 ? m.RemoteSsrcs[0] : (uint?)null;
            if (_producers.TryGetValue(m.Mid, out var current) && current.Options.Ssrc == ssrc)
            {
                continue;
            }

            if (current is not null)
            {
                _router.CloseProducer(current);
                _producers.Remove(m.Mid);
            }

            if (ssrc is { } s && Enum.TryParse<MediaKind>(m.Kind, ignoreCase: true, out var kind))
            {
                var options = new ProducerOptions(kind, s, (byte)m.Codec.PayloadType, m.Codec.ClockRate, m.Mid, m.AudioLevelExtensionId, m.Codec.Codec, Id);
                var produced = _router.Produce(_transport!, options);
                if (produced.IsOk)
                {
                    _producers[m.Mid] = produced.Value!;
                }
            }
        }

        // m-lines the new offer rejects or no longer has: the browser stopped sending (a screen share ended).
        foreach (var mid in _producers.Keys.Where(mid => media.All(m => m.Mid != mid)).ToList())
        {
            _router.CloseProducer(_producers[mid]);
            _producers.Remove(mid);
        }
    }

    private void ApplyConsumers(IReadOnlyList<NegotiatedMedia> media, Dictionary<string, (Producer Producer, uint Ssrc)> planned)
    {
        foreach (var m in media)
        {
            if (_consumers.TryGetValue(m.Mid, out var current) && (!m.WeSend || current.Options.Ssrc != m.LocalSsrc))
            {
                _router.CloseConsumer(current);
                _consumers.Remove(m.Mid);
            }

            if (m.WeSend && planned.TryGetValue(m.Mid, out var plan))
            {
                var consumed = _router.Consume(_transport!, plan.Producer, new ConsumerOptions(plan.Ssrc, (byte)m.Codec.PayloadType));
                if (consumed.IsOk)
                {
                    _consumers[m.Mid] = consumed.Value!;
                }
            }
        }

        // m-lines the new offer no longer has (the browser stopped the transceiver).
        foreach (var mid in _consumers.Keys.Where(mid => media.All(m => m.Mid != mid)).ToList())
        {
            _router.CloseConsumer(_consumers[mid]);
            _consumers.Remove(mid);
        }
    }

    /// <summary>Ends the connection and every track on it, both ways; a next offer makes a new one.</summary>
    private void CloseTransport()
    {
        if (_transport is not null)
        {
            _router.Detach(_transport);
            _transport.Dispose();
            _transport = null;
        }

        _producers.Clear();
        _consumers.Clear();
    }

    public void Dispose()
    {
        lock (_gate)
        {
            CloseTransport();
        }
    }
}
