using Mediation.Domain.Cases;
using Mediation.Domain.Sessions;
using Microsoft.AspNetCore.SignalR;
using Microsoft.EntityFrameworkCore;

namespace Mediation.Server.Sessions;

/// <summary>The host's controls: admission after the identity check, mute, removal, the notices, 背对背, the end.</summary>
public sealed partial class SessionHub
{
    /// <summary>Lets a waiting party in; <paramref name="identityConfirmed"/> says the mediator compared the person on
    /// camera with the identity document on record (在线调解规则 art. 17) — the record keeps that check.</summary>
    public Task Admit(string attendeeId, bool identityConfirmed) => HostChangeAsync(attendeeId, async (session, attendee, caller) =>
    {
        Check(attendee.Admit(identityConfirmed, caller.Person, sessions.Now));
        Check(await sessions.RecordAsync(caller.CaseId, RecordEntryKind.IdentityCheck, attendee.PartyId,
            SessionWording.IdentityChecked(attendee), caller.Person, null, Context.ConnectionAborted));
    });

    public Task Deny(string attendeeId) => HostChangeAsync(attendeeId, (_, attendee, _) =>
    {
        Check(attendee.Deny());
        return Task.CompletedTask;
    });

    /// <summary>Takes a party out of the room; they would wait in the lobby to come back.</summary>
    public Task Remove(string attendeeId) => HostChangeAsync(attendeeId, (_, attendee, _) =>
    {
        Check(attendee.Remove(sessions.Now));
        return Task.CompletedTask;
    });

    /// <summary>Mutes a party: the server stops forwarding their audio (whatever their page does) until the mediator
    /// asks them to speak.</summary>
    public Task Mute(string attendeeId) => HostChangeAsync(attendeeId, (_, attendee, _) =>
    {
        Check(attendee.Mute(true));
        return Task.CompletedTask;
    });

    public async Task AskToUnmute(string attendeeId)
    {
        SessionPerson? asked = null;
        await HostChangeAsync(attendeeId, (_, attendee, _) =>
        {
            Check(attendee.Mute(false));
            asked = attendee.Person;
            return Task.CompletedTask;
        });
        await broadcast.ToPersonAsync(Current().Room, asked!.Value, c => c.AskedToUnmute());
    }

    /// <summary>The notices read to the parties (人民调解工作若干规定 art. 30; 在线调解规则 arts. 13, 17): into the
    /// record; each admitted party is asked to acknowledge them on screen.</summary>
    public Task ReadNotices() => HostSessionChangeAsync(async (session, caller) =>
    {
        Check(session.ReadNotices(sessions.Now));
        Check(await sessions.RecordAsync(caller.CaseId, RecordEntryKind.Notice, null, SessionWording.NoticesRead(), caller.Person, null, Context.ConnectionAborted));
    });

    /// <summary>背对背: the mediator goes into a private room with one side; the other side waits in its own and
    /// receives no media and no chat of the first. Called again with the other side, the mediator switches rooms.</summary>
    public Task StartCaucus(PartySide side) => HostSessionChangeAsync(async (session, caller) =>
    {
        Check(session.StartCaucus(side));
        Check(await sessions.RecordAsync(caller.CaseId, RecordEntryKind.Session, null, SessionWording.CaucusStarted(side), caller.Person, null, Context.ConnectionAborted));
    });

    public Task EndCaucus() => HostSessionChangeAsync(async (session, caller) =>
    {
        Check(session.EndCaucus());
        Check(await sessions.RecordAsync(caller.CaseId, RecordEntryKind.Session, null, SessionWording.CaucusEnded, caller.Person, null, Context.ConnectionAborted));
    });

    /// <summary>Ends the session: attendance and durations into the record, every page told, the room closed.</summary>
    public async Task End()
    {
        var (caller, room) = Current();
        RequireHost(caller);
        var ended = await sessions.ChangeAsync(async () =>
        {
            var session = await sessions.OpenSessionAsync(caller.CaseId, Context.ConnectionAborted) ?? throw new HubException("session-not-open");
            Check(session.End(sessions.Now));
            Check(await sessions.RecordAsync(caller.CaseId, RecordEntryKind.Session, null, SessionWording.Attendance(session, sessions.Now),
                caller.Person, null, Context.ConnectionAborted));
            return session;
        }, Context.ConnectionAborted);
        logger.LogInformation("Session of case {CaseId} ended", caller.CaseId);
        await sync.CloseAsync(room);
        await MakeRecordAsync(ended);
        await broadcast.ToCaseAsync(room, c => c.SessionEnded());
    }

    /// <summary>The session's 调解笔录 made now, so the end pages find it to sign (在线调解规则 art. 22). A failure
    /// here loses nothing: the first read of the case's records makes it.</summary>
    private async Task MakeRecordAsync(MediationSession session)
    {
        try
        {
            var request = Context.GetHttpContext()!.Request;
            await records.MakeAsync(session, documents.VerificationUrl(request), CancellationToken.None);
        }
        catch (Exception e) when (e is DbUpdateException or Documents.Fonts.FontsMissingException or InvalidOperationException)
        {
            logger.LogWarning(e, "The record of session {SessionId} was not made at its end; it is made when first read", session.Id);
        }
    }
}
