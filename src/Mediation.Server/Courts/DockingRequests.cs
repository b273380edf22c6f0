using System.Text.Json;
using Mediation.CourtDocking;
using Mediation.Data;
using Mediation.Server.Hosting;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Mediation.Server.Courts;

/// <summary>A docking request that passed: the court it came from, the key that signed it, its idempotency key, and
/// its message.</summary>
public sealed record VerifiedDockingRequest<T>(Guid CourtId, string KeyId, string IdempotencyKey, T Message);

/// <summary>
/// Reads a request from a court's system and checks it before anything else (docs/court-docking.md): the headers,
/// the key (known, not revoked), the time window, the HMAC over the exact bytes received, and the nonce (never seen
/// with this key — kept for the window, so a replay meets the table's key). Every refusal answers 401 with the
/// reason's code and is logged with the key id and the reason, never a signature or a secret.
/// </summary>
public sealed class DockingRequests(MediationDbContext db, DockingKeys keys, TimeProvider time, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json,
    ILogger<DockingRequests> logger)
{
    /// <summary>A docking message is a case's particulars, not documents: a few kilobytes.</summary>
    public const int MaxBodyBytes = 256 * 1024;

    public async Task<(VerifiedDockingRequest<T>? Request, ProblemHttpResult? Refused)> ReadAsync<T>(HttpRequest request, CancellationToken ct)
        where T : class
    {
        var h = request.Headers;
        var (keyId, nonce, idempotencyKey, signature) = (h[DockingHeaders.KeyId].ToString(), h[DockingHeaders.Nonce].ToString(), h[DockingHeaders.IdempotencyKey].ToString(),
            h[DockingHeaders.Signature].ToString());
        if (!DockingSignature.WellFormed(keyId, h[DockingHeaders.Timestamp], nonce, idempotencyKey, signature, out var timestamp))
        {
            return (null, Refuse(DockingCheck.Unsigned, keyId));
        }

        if (request.ContentLength > MaxBodyBytes)
        {
            return (null, Problems.Of(StatusCodes.Status413PayloadTooLarge, "docking-too-large", "The message is too large."));
        }

        var body = await ReadBodyAsync(request, ct);
        if (body is null)
        {
            return (null, Problems.Of(StatusCodes.Status413PayloadTooLarge, "docking-too-large", "The message is too large."));
        }

        if (await keys.FindAsync(keyId, ct) is not var (courtId, secret))
        {
            return (null, Refuse(DockingCheck.UnknownKey, keyId));
        }

        var parts = new DockingRequestParts(request.Method, Microsoft.AspNetCore.Http.Extensions.UriHelper.GetEncodedPathAndQuery(request), timestamp, nonce, idempotencyKey, body);
        var now = time.GetUtcNow();
        var check = DockingSignature.Check(secret, parts, signature, now);
        if (check != DockingCheck.Valid)
        {
            return (null, Refuse(check, keyId));
        }

        if (!await FirstSightAsync(keyId, nonce, now.UtcDateTime, ct))
        {
            return (null, Refuse(DockingCheck.Replayed, keyId));
        }

        T? message;
        try
        {
            message = body.Length == 0 ? null : JsonSerializer.Deserialize<T>(body, json.Value.SerializerOptions);
        }
        catch (JsonException)
        {
            message = null;
        }

        return message is null && typeof(T) != typeof(object)
            ? (null, Problems.Of(StatusCodes.Status400BadRequest, "docking-message-invalid", "The message is not the JSON this endpoint takes."))
            : (new VerifiedDockingRequest<T>(courtId, keyId, idempotencyKey, message!), null);
    }

    /// <summary>Records the nonce; false when it was seen before with this key. Nonces older than the window go,
    /// since their requests are refused as stale anyway.</summary>
    private async Task<bool> FirstSightAsync(string keyId, string nonce, DateTime nowUtc, CancellationToken ct)
    {
        var old = nowUtc - (2 * DockingSignature.Window);
        await db.DockingNonces.Where(n => n.SeenAtUtc < old).ExecuteDeleteAsync(ct);
        db.DockingNonces.Add(new DockingNonce(keyId, nonce, nowUtc));
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }

    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private ProblemHttpResult Refuse(DockingCheck check, string keyId)
    {
        var code = check switch
        {
            DockingCheck.UnknownKey => "docking-key-unknown",
            DockingCheck.Stale => "docking-stale",
            DockingCheck.BadSignature => "docking-signature-invalid",
            DockingCheck.Replayed => "docking-replayed",
            _ => "docking-unsigned",
        };
        // A malformed id is the caller's text: not written into the log as it came (a line break would forge a line).
        logger.LogWarning("Docking request refused ({Reason}) for key {KeyId}", code, DockingSignature.IsKeyId(keyId) ? keyId : "(malformed)");
        return Problems.Of(StatusCodes.Status401Unauthorized, code, "The request is not signed by a key this server accepts.");
    }
}
