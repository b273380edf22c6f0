using System.Diagnostics.Metrics;
using Mediation.Domain.Sessions;
using Mediation.Media.Sfu;
using Mediation.Media.Transport;
using Microsoft.Extensions.Options;

namespace Mediation.Server.Sessions;

/// <summary>Where a member's media stands: none (not in an open session, turned away), in the lobby (their camera
/// goes to the host only, for the identity check; they receive nothing), or in the room.</summary>
public enum MemberPresence
{
    None,
    Lobby,
    Room,
}

/// <summary>A person connected to this node's part of a room. Their media exists only while the session admits
/// them; <see cref="Space"/> (joint or a side's private room) decides whose tracks they may receive.</summary>
public sealed class RoomMember(SessionPerson person, string id, string connectionId)
{
    /// <summary>One presence per person, whatever the device.</summary>
    public SessionPerson Person { get; } = person;

    /// <summary>Their attendee id, also the stream id their tracks are announced under.</summary>
    public string Id { get; internal set; } = id;
    public string ConnectionId { get; } = connectionId;
    public Participant? Media { get; internal set; }
    public SessionSpace Space { get; internal set; } = SessionSpace.Joint;
    public bool Muted { get; internal set; }
    public MemberPresence Presence { get; internal set; }

    /// <summary>A change of this connection's hub groups met a backplane outage: they are made again at the next sync.</summary>
    public bool GroupsStale { get; set; }

    /// <summary>Staff hosting the session (mediator, organization admin) see the lobby's cameras.</summary>
    public bool IsHost => Person.IsStaff;
}

/// <summary>
/// A case's live room on this node: its media router and the people connected here. The session in the database
/// decides who is admitted, who sits where and who is muted (<see cref="Apply"/>); the room turns that into media:
/// each member receives the tracks of the members in the same space and nobody else's (背对背 is enforced here, by
/// consumers that do not exist, not by pages hiding video), a muted member's audio is not forwarded, and a member
/// waiting in the lobby sends only their video, only to the host, and receives nothing.
/// </summary>
public sealed class SessionRoom(Guid caseId, MediaServer media, RouterOptions options, TimeProvider time) : IDisposable
{
    private readonly object _gate = new();
    private readonly Dictionary<SessionPerson, RoomMember> _members = [];

    public Guid CaseId { get; } = caseId;
    public Router Router { get; } = new(options, time);

    /// <summary>Adds the person, or takes over their earlier connection (a reload, a second tab): the old one leaves.</summary>
    public (RoomMember Member, string? ReplacedConnectionId) Join(SessionPerson person, string connectionId)
    {
        lock (_gate)
        {
            string? replaced = null;
            if (_members.Remove(person, out var previous))
            {
                previous.Media?.Dispose();
                replaced = previous.ConnectionId;
            }

            var member = new RoomMember(person, "", connectionId);
            _members[person] = member;
            return (member, replaced);
        }
    }

    public bool Leave(SessionPerson person, string connectionId)
    {
        lock (_gate)
        {
            if (!_members.TryGetValue(person, out var current) || current.ConnectionId != connectionId)
            {
                return false;
            }

            _members.Remove(person);
            current.Media?.Dispose();
            return true;
        }
    }

    public RoomMember? Find(SessionPerson person, string connectionId)
    {
        lock (_gate)
        {
            return _members.TryGetValue(person, out var m) && m.ConnectionId == connectionId ? m : null;
        }
    }

    /// <summary>Who speaks now in <paramref name="space"/> (their attendee id), for a page coming in: the pages already
    /// there heard it when it changed, and a speaker who holds the floor may not change again for a long time.</summary>
    public string? SpeakerIn(SessionSpace space) =>
        Router.ActiveSpeaker.Current is { } producer && Members.FirstOrDefault(m => m.Media?.Producers.Contains(producer) == true) is
        { Presence: MemberPresence.Room } speaker && speaker.Space == space
            ? speaker.Id
            : null;

    public IReadOnlyList<RoomMember> Members
    {
        get
        {
            lock (_gate)
            {
                return [.. _members.Values];
            }
        }
    }

    /// <summary>Puts the session's word into media: members in the lobby or the room get a connection to the SFU
    /// (announcing their tracks under <paramref name="attendeeId"/>) and lose it with <see cref="MemberPresence.None"/>,
    /// each is placed in its space, and muted members' audio stops at the server. Returns the connections whose
    /// receivable tracks changed, which must offer again.</summary>
    public IReadOnlyList<(string ConnectionId, int Audio, int Video)> Apply(SessionPerson person, string attendeeId, MemberPresence presence, SessionSpace space, bool muted)
    {
        lock (_gate)
        {
            if (_members.TryGetValue(person, out var member))
            {
                var present = presence != MemberPresence.None;
                member.Presence = presence;
                if (present && member.Media is null)
                {
                    // The person's media connection belongs to them: only they may read its statistics.
                    member.Id = attendeeId;
                    member.Media = new Participant(media, Router, attendeeId, owner: person.ToString());
                }
                else if (!present && member.Media is { } gone)
                {
                    gone.Dispose();
                    member.Media = null;
                }

                member.Space = space;
                member.Muted = muted;
                foreach (var producer in member.Media?.Producers ?? [])
                {
                    producer.Paused = muted && producer.Kind == MediaKind.Audio;
                }
            }

            return Refresh();
        }
    }

    /// <summary>The participant whose connection this is (the id pages know them by).</summary>
    public string? ParticipantIdOf(WebRtcTransport transport)
    {
        lock (_gate)
        {
            return _members.Values.FirstOrDefault(m => m.Media?.Transport == transport)?.Id;
        }
    }

    public bool IsEmpty
    {
        get
        {
            lock (_gate)
            {
                return _members.Count == 0;
            }
        }
    }

    /// <summary>Tells every member's media what it may receive now: the tracks of the others in its space. Returns the
    /// connections for which that changed, with how many tracks of each kind their next offer must be able to receive;
    /// the others need not offer again (telling everyone would have pages renegotiate each other forever).</summary>
    public IReadOnlyList<(string ConnectionId, int Audio, int Video)> Refresh()
    {
        lock (_gate)
        {
            var result = new List<(string, int, int)>();
            foreach (var member in _members.Values)
            {
                if (member.Media is not { } participant)
                {
                    continue;
                }

                // A newly published audio track of a muted member starts paused too.
                foreach (var producer in participant.Producers)
                {
                    producer.Paused = member.Muted && producer.Kind == MediaKind.Audio;
                }

                var allowed = member.Presence != MemberPresence.Room
                    ? []
                    : _members.Values
                        .Where(m => m != member && m.Media is not null)
                        .SelectMany(m => m.Presence == MemberPresence.Room && m.Space == member.Space
                            ? m.Media!.Producers
                            : m.Presence == MemberPresence.Lobby && member.IsHost ? m.Media!.Producers.Where(p => p.Kind == MediaKind.Video) : [])
                        .ToHashSet();
                if (participant.Receive(allowed))
                {
                    var (audio, video) = participant.Wanted;
                    result.Add((member.ConnectionId, audio, video));
                }
            }

            return result;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var member in _members.Values)
            {
                member.Media?.Dispose();
            }

            _members.Clear();
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
    private readonly SessionBroadcast _broadcast;
    private RouterTotals _closedRooms;

    public SessionRooms(MediaServer media, IOptions<MediaOptions> options, SessionBroadcast broadcast)
    {
        _media = media;
        _broadcast = broadcast;
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

    /// <summary>Tells the pages in the speaker's space who speaks; a private room's speaking is not told to the other.</summary>
    private void AnnounceSpeaker(SessionRoom room, Producer? producer)
    {
        if (producer is null || room.Members.FirstOrDefault(m => m.Media?.Producers.Contains(producer) == true) is not { Presence: MemberPresence.Room } speaker)
        {
            return;
        }

        _ = _broadcast.ToSpaceAsync(room, speaker.Space, c => c.ActiveSpeaker(speaker.Id));
    }

    /// <summary>The rooms open on this node now.</summary>
    public SessionRoom[] Snapshot()
    {
        lock (_gate)
        {
            return [.. _rooms.Values];
        }
    }

    /// <summary>Opens the case's room if needed and joins the person to it, in one step: a room closing because its
    /// last participant left cannot take a joining one with it.</summary>
    public (SessionRoom Room, string? ReplacedConnectionId) Join(Guid caseId, SessionPerson person, string connectionId)
    {
        lock (_gate)
        {
            if (!_rooms.TryGetValue(caseId, out var room))
            {
                // Media runs on real time, as its packets arrive; the injected clock (which tests move by days) is the
                // session's business clock, not the router's.
                room = new SessionRoom(caseId, _media, _routerOptions, TimeProvider.System);
                var opened = room;
                room.Router.ActiveSpeaker.Changed += producer => AnnounceSpeaker(opened, producer);
                _rooms[caseId] = room;
            }

            var (_, replaced) = room.Join(person, connectionId);
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
    public bool Leave(SessionRoom room, SessionPerson person, string connectionId)
    {
        lock (_gate)
        {
            if (!room.Leave(person, connectionId))
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

    /// <summary>Closes every room's media: the node is going away.</summary>
    public void CloseAll()
    {
        lock (_gate)
        {
            foreach (var room in _rooms.Values)
            {
                room.Dispose();
                _closedRooms += room.Router.Totals();
            }

            _rooms.Clear();
        }
    }

    public void Dispose()
    {
        _meter.Dispose();
        CloseAll();
    }
}
