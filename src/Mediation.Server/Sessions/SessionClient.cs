namespace Mediation.Server.Sessions;

/// <summary>An RTCSessionDescriptionInit as the page sends and receives it.</summary>
public sealed record SessionDescription(string Type, string Sdp);

/// <summary>What the server tells a page.</summary>
public interface ISessionClient
{
    /// <summary>What the page may receive changed: offer again with at least this many receive-only transceivers.</summary>
    Task Renegotiate(int audio, int video);

    /// <summary>The room changed (someone came, went, was admitted, moved, muted…): call <c>Refresh</c> for your view.</summary>
    Task Sync();

    Task Chat(ChatMessage message);

    /// <summary>The chat line with this id reached the room but could not be kept in the record (the database was away):
    /// the page marks it and its sender may send it again, which keeps it once.</summary>
    Task ChatNotKept(string id);

    /// <summary>Who speaks now in your room (their attendee id), from the audio levels; null when nobody does.</summary>
    Task ActiveSpeaker(string? attendeeId);

    /// <summary>The mediator asks you to speak: your microphone is yours to turn on again.</summary>
    Task AskedToUnmute();

    /// <summary>The mediator scrolled the shared document: to this share of its length (0 top, 1 end).</summary>
    Task DocumentScrolled(double position);
    Task SessionEnded();

    /// <summary>This person opened the session elsewhere (a reload, another tab): this connection is out.</summary>
    Task Replaced();

    /// <summary>This server is shutting down: connect again now (the next process or another node takes over).</summary>
    Task ServerRestarting();
}
