using System.Threading.RateLimiting;
using Mediation.Domain.Cases;
using Microsoft.AspNetCore.SignalR;

namespace Mediation.Server.Sessions;

/// <summary>What everyone admitted does in the room: chat (kept in the record), the raised hand, the notices
/// acknowledged, their own microphone and camera.</summary>
public sealed partial class SessionHub
{
    /// <summary>
    /// A chat line to the people in the caller's space only, kept in the record (a private room's lines are private to
    /// that side there too). The record keeps what the room received: the line is delivered first and recorded once
    /// delivered; a line that could not reach everyone present is not recorded and the sender is told
    /// (<c>chat-not-delivered</c>); a line delivered but not recorded is announced as such (<see cref="ISessionClient.ChatNotKept"/>).
    /// <paramref name="lineId"/> is the page's own id for the line: sent again, it is delivered again (pages show it
    /// once) and recorded once.
    /// </summary>
    public async Task SendChat(string text, string lineId)
    {
        var (caller, room) = Current();
        text = (text ?? "").Trim();
        if (text.Length is 0 or > MaxChatLength)
        {
            throw new HubException("chat-text");
        }

        var reference = Guid.TryParse(lineId, out var id) ? id : Guid.NewGuid();

        // Each line is written to the record: a burst of ten, then one a second, per connection.
        if (!ChatLimit().AttemptAcquire().IsAcquired)
        {
            throw new HubException("chat-rate-limited");
        }

        var (session, me) = await PresentAsync(caller);
        var space = session.SpaceOf(me);
        var message = new ChatMessage(reference.ToString("N"), me.Id.ToString("N"), me.DisplayName, text, space.ToString(), sessions.Now);
        // Whether anyone present in the space is connected to another node: only then does the line need the backplane.
        var elsewhere = session.Attendees.Any(a => a.Present && session.SpaceOf(a) == space && room.Members.All(m => m.Person != a.Person));
        if (!await broadcast.ToSpaceAsync(room, space, c => c.Chat(message), elsewhere))
        {
            // Someone present on another node did not get it: not in the record, and the sender may send it again.
            throw new HubException("chat-not-delivered");
        }

        try
        {
            await sessions.ChangeAsync(async () =>
            {
                if (await sessions.RecordedAsync(caller.CaseId, reference, Context.ConnectionAborted))
                {
                    return 0;
                }

                var privateTo = SessionCoordinator.PrivateTo(space);
                Check(await sessions.RecordAsync(caller.CaseId, RecordEntryKind.Chat, me.PartyId, SessionWording.ChatPrefix(privateTo, me.DisplayName) + text,
                    caller.Person, privateTo, Context.ConnectionAborted, reference));
                return 0;
            }, Context.ConnectionAborted);
        }
        catch (Exception e) when (e is not HubException)
        {
            await broadcast.ToSpaceAsync(room, space, c => c.ChatNotKept(message.Id));
            throw;
        }
    }

    /// <summary>The chat said so far in this session in the caller's room: after a reload, or on moving between rooms.</summary>
    public async Task<IReadOnlyList<ChatMessage>> ChatHistory()
    {
        var (caller, _) = Current();
        var (session, me) = await PresentAsync(caller);
        return await sessions.ChatHistoryAsync(session, session.SpaceOf(me), Context.ConnectionAborted);
    }

    public async Task RaiseHand(bool raised)
    {
        var (caller, room) = Current();
        await sessions.ChangeAsync(async () =>
        {
            var (_, me) = await PresentAsync(caller);
            me.RaiseHand(raised);
            return 0;
        }, Context.ConnectionAborted);
        await broadcast.ToCaseAsync(room, c => c.Sync());
    }

    /// <summary>The caller turned their own microphone or camera on or off: the others show it (a muted mark, an avatar).</summary>
    public async Task SetDevices(bool micOn, bool cameraOn)
    {
        var (caller, room) = Current();
        await sessions.ChangeAsync(async () =>
        {
            var session = await sessions.OpenSessionAsync(caller.CaseId, Context.ConnectionAborted) ?? throw new HubException("session-not-open");
            (session.Find(caller.Person) ?? throw new HubException("not-joined")).SetDevices(micOn, cameraOn);
            return 0;
        }, Context.ConnectionAborted);
        await broadcast.ToCaseAsync(room, c => c.Sync());
    }

    /// <summary>A party confirms on screen that the notices were read to them; the record says so.</summary>
    public async Task AcknowledgeNotices()
    {
        var (caller, room) = Current();
        await sessions.ChangeAsync(async () =>
        {
            var (session, me) = await PresentAsync(caller);
            Check(me.AcknowledgeNotices(session.NoticesReadAtUtc, sessions.Now));
            Check(await sessions.RecordAsync(caller.CaseId, RecordEntryKind.Notice, me.PartyId, SessionWording.NoticesAcknowledged(me), caller.Person, null,
                Context.ConnectionAborted));
            return 0;
        }, Context.ConnectionAborted);
        await broadcast.ToCaseAsync(room, c => c.Sync());
    }

    private TokenBucketRateLimiter ChatLimit()
    {
        if (Context.Items[ChatLimitKey] is not TokenBucketRateLimiter limiter)
        {
            limiter = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
            {
                TokenLimit = 10,
                TokensPerPeriod = 1,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            });
            Context.Items[ChatLimitKey] = limiter;
        }

        return limiter;
    }
}
