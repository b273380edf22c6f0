using System.Diagnostics.Metrics;
using Mediation.Media.Sfu;
using Mediation.Media.Transport;
using Microsoft.Extensions.Options;

namespace Mediation.Server.Sessions;

/// <summary>Who a participant is to the page: their id (the msid stream of their tracks), name and role.</summary>
public sealed record SessionParticipant(string Id, string DisplayName, string Role);

/// <summary>
/// A case's live room on this node: its media router and the participants connected to it. Everyone in the room
/// receives everyone else's tracks (the joint session); the router forwards only what <see cref="Refresh"/> allowed.
/// </summary>
public sealed class SessionRoom(Guid caseId, MediaServer media, RouterOptions options) : IDisposable
{
    private readonly object _gate = new();
    private readonly Dictionary<string, (Participant Media, SessionParticipant Who, string ConnectionId)> _participants = [];

    public Guid CaseId { get; } = caseId;
    public Router Router { get; } = new(options);

    /// <summary>Adds the person, or takes over their earlier connection (a reload, a second tab): the old one leaves.</summary>
    public (Participant Media, string? ReplacedConnectionId) Join(string key, SessionParticipant who, string owner, string connectionId)
    {
        lock (_gate)
        {
            string? replaced = null;
            if (_participants.Remove(key, out var previous))
            {
                previous.Media.Dispose();
                replaced = previous.ConnectionId;
            }

            var participant = new Participant(media, Router, who.Id, owner);
            _participants[key] = (participant, who, connectionId);
            return (participant, replaced);
        }
    }

    public bool Leave(string key, string connectionId)
    {
        lock (_gate)
        {
            if (!_participants.TryGetValue(key, out var current) || current.ConnectionId != connectionId)
            {
                return false;
            }

            _participants.Remove(key);
            current.Media.Dispose();
            return true;
        }
    }

    public Participant? Find(string key, string connectionId)
    {
        lock (_gate)
        {
            return _participants.TryGetValue(key, out var p) && p.ConnectionId == connectionId ? p.Media : null;
        }
    }

    public IReadOnlyList<SessionParticipant> Participants
    {
        get
        {
            lock (_gate)
            {
                return [.. _participants.Values.Select(p => p.Who)];
            }
        }
    }

    /// <summary>The participant whose connection this is (the id pages know them by).</summary>
    public string? ParticipantIdOf(WebRtcTransport transport)
    {
        lock (_gate)
        {
            return _participants.Values.FirstOrDefault(p => p.Media.Transport == transport).Who?.Id;
        }
    }

    public bool IsEmpty
    {
        get
        {
            lock (_gate)
            {
                return _participants.Count == 0;
            }
        }
    }

    /// <summary>Tells every participant's media what it may receive now: every track but its own. Returns the
    /// connections for which that changed, with how many tracks of each kind their next offer must be able to receive;
    /// the others need not offer again (telling everyone would have pages renegotiate each other forever).</summary>
    public IReadOnlyList<(string ConnectionId, int Audio, int Video)> Refresh()
    {
        lock (_gate)
        {
            var all = _participants.Values.SelectMany(p => p.Media.Producers).ToList();
            var result = new List<(string, int, int)>();
            foreach (var (participant, _, connectionId) in _participants.Values)
            {
                var own = participant.Producers.ToHashSet();
                if (participant.Receive(all.Where(p => !own.Contains(p)).ToHashSet()))
                {
                    var (audio, video) = participant.Wanted;
                    result.Add((connectionId, audio, video));
                }
            }

            return result;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var p in _participants.Values)
            {
                p.Media.Dispose();
            }

            _participants.Clear();
        }

        Router.Dispose();
    }
}

/// <summary>The rooms of this node, one per case with people in it. A room lives on one node (its media router is
/// in this process); see the README for how a room is placed.</summary>
public sealed class SessionRooms : IDisposable
{
    /// <summary>The meter the rooms' counters are published under (System.Diagnostics.Metrics), for OpenTelemetry or
    /// dotnet-counters; each server's instruments carry it as their scope.</summary>
    public const string MeterName = "Mediation.Sessions";

    private readonly object _gate = new();
    private readonly Dictionary<Guid, SessionRoom> _rooms = [];
    private readonly MediaServer _media;
    private readonly RouterOptions _routerOptions;
    private readonly Meter _meter;
    private RouterTotals _closedRooms;

    public SessionRooms(MediaServer media, IOptions<MediaOptions> options)
    {
        _media = media;
        _routerOptions = new(SimulatedForwardingLoss: options.Value.SimulatedForwardingLoss);
        _meter = new Meter(MeterName, version: null, tags: null, scope: this);
        _meter.CreateObservableGauge("mediation.sfu.rooms", () => Snapshot().Length, description: "Open session rooms");
        _meter.CreateObservableGauge("mediation.sfu.producers", () => Snapshot().Sum(r => r.Router.Producers.Count), description: "Tracks being published");
        _meter.CreateObservableGauge("mediation.sfu.consumers", () => Snapshot().Sum(r => r.Router.Consumers.Count), description: "Copies being forwarded");
        Counter("mediation.sfu.packets.received", t => t.PacketsReceived, "Packets received from publishers");
        Counter("mediation.sfu.bytes.received", t => t.BytesReceived, "Bytes received from publishers", "By");
        Counter("mediation.sfu.packets.forwarded", t => t.PacketsForwarded, "Packets forwarded to subscribers");
        Counter("mediation.sfu.bytes.forwarded", t => t.BytesForwarded, "Bytes forwarded to subscribers", "By");
        Counter("mediation.sfu.nacks.received", t => t.NacksReceived, "Packets subscribers asked for again");
        Counter("mediation.sfu.retransmissions", t => t.Retransmitted, "Packets resent from the cache");
        Counter("mediation.sfu.retransmission.misses", t => t.RetransmissionMisses, "NACKed packets no longer in the cache");
        Counter("mediation.sfu.nacks.refused", t => t.NacksRefused, "NACKs beyond a subscriber's retransmission rate");
        Counter("mediation.sfu.keyframe.requests", t => t.KeyFrameRequestsSent, "PLIs sent to publishers");
        Counter("mediation.sfu.uplink.nacks", t => t.UplinkNacksSent, "Packets asked of publishers again (uplink loss)");
        Counter("mediation.sfu.uplink.recovered", t => t.UplinkRecovered, "Uplink losses repaired by the publisher");
        Counter("mediation.sfu.packets.over_bitrate", t => t.PacketsOverBitrate, "Packets dropped from publishers beyond twice their bitrate cap");
    }

    private void Counter(string name, Func<RouterTotals, long> read, string description, string? unit = null) =>
        _meter.CreateObservableCounter(name, () => read(Totals()), unit, description);

    /// <summary>Every room's totals since this server started, closed rooms included.</summary>
    public RouterTotals Totals()
    {
        lock (_gate)
        {
            return _rooms.Values.Aggregate(_closedRooms, (sum, room) => sum + room.Router.Totals());
        }
    }

    private SessionRoom[] Snapshot()
    {
        lock (_gate)
        {
            return [.. _rooms.Values];
        }
    }

    /// <summary>Opens the case's room if needed and joins the person to it, in one step: a room closing because its
    /// last participant left cannot take a joining one with it.</summary>
    public (SessionRoom Room, string? ReplacedConnectionId) Join(Guid caseId, string key, SessionParticipant who, string owner, string connectionId)
    {
        lock (_gate)
        {
            if (!_rooms.TryGetValue(caseId, out var room))
            {
                room = new SessionRoom(caseId, _media, _routerOptions);
                _rooms[caseId] = room;
            }

            var (_, replaced) = room.Join(key, who, owner, connectionId);
            return (room, replaced);
        }
    }

    public SessionRoom? Find(Guid caseId)
    {
        lock (_gate)
        {
            return _rooms.GetValueOrDefault(caseId);
        }
    }

    /// <summary>Takes the person's connection out of the room, and closes the room when nobody is left.</summary>
    public bool Leave(SessionRoom room, string key, string connectionId)
    {
        lock (_gate)
        {
            if (!room.Leave(key, connectionId))
            {
                return false;
            }

            if (room.IsEmpty && _rooms.Remove(room.CaseId))
            {
                room.Dispose();
                _closedRooms += room.Router.Totals();
            }

            return true;
        }
    }

    public void Dispose()
    {
        _meter.Dispose();
        lock (_gate)
        {
            foreach (var room in _rooms.Values)
            {
                room.Dispose();
            }

            _rooms.Clear();
        }
    }
}
