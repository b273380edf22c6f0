using Mediation.Domain.Cases;
using Microsoft.AspNetCore.SignalR;

namespace Mediation.Server.Sessions;

/// <summary>
/// The agreement as a shared panel of the call: the mediator shows it to the room they are in, and everyone admitted
/// there reads the same page at the mediator's scroll position — the text itself, sharp on a phone, not a picture of a
/// screen. Each party can sign it from the call page once it is frozen.
/// </summary>
public sealed partial class SessionHub
{
    /// <summary>Shows the agreement to the mediator's room, or shows it again after a change (pages fetch it anew).
    /// The first showing goes into the record.</summary>
    public Task ShareDocument() => HostSessionChangeAsync(async (session, caller) =>
    {
        var first = session.SharedDocumentRevision is null;
        Check(session.ShareDocument());
        if (first)
        {
            Check(await sessions.RecordAsync(caller.CaseId, RecordEntryKind.Session, null, SessionWording.DocumentShown(session.StaffSpace), caller.Person, null,
                Context.ConnectionAborted));
        }
    });

    public Task StopSharingDocument() => HostSessionChangeAsync((session, _) =>
    {
        Check(session.StopSharingDocument());
        return Task.CompletedTask;
    });

    /// <summary>The mediator scrolled the shared document: kept (a page that comes in later starts there) and passed to
    /// the mediator's room. Pages send it at most a few times a second.</summary>
    public async Task ScrollDocument(double position)
    {
        var (caller, room) = Current();
        RequireHost(caller);
        var space = await sessions.ChangeAsync(async () =>
        {
            var session = await sessions.OpenSessionAsync(caller.CaseId, Context.ConnectionAborted) ?? throw new HubException("session-not-open");
            Check(session.ScrollDocument(position));
            return session.StaffSpace;
        }, Context.ConnectionAborted);
        await broadcast.ToSpaceAsync(room, space, c => c.DocumentScrolled(Math.Clamp(position, 0, 1)));
    }
}
