namespace Mediation.CourtDocking;

/// <summary>
/// Signs every request an <see cref="HttpClient"/> sends to the other side of the docking with
/// <paramref name="keyId"/>'s secret: a fresh nonce and the current time each time, and the message's idempotency
/// key (set by the caller; a retry keeps it, so the receiver can tell it is the same message).
/// </summary>
public sealed class DockingSigningHandler(string keyId, byte[] secret, TimeProvider time) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        if (!request.Headers.TryGetValues(DockingHeaders.IdempotencyKey, out var keys) || keys.FirstOrDefault() is not { } idempotencyKey)
        {
            throw new InvalidOperationException("A docking request carries its message's idempotency key.");
        }

        foreach (var header in new[] { DockingHeaders.KeyId, DockingHeaders.Timestamp, DockingHeaders.Nonce, DockingHeaders.Signature })
        {
            request.Headers.Remove(header);
        }

        var parts = new DockingRequestParts(request.Method.Method, request.RequestUri!.PathAndQuery, time.GetUtcNow().ToUnixTimeSeconds(),
            DockingSignature.NewNonce(), idempotencyKey, body);
        request.Headers.Add(DockingHeaders.KeyId, keyId);
        request.Headers.Add(DockingHeaders.Timestamp, parts.Timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(DockingHeaders.Nonce, parts.Nonce);
        request.Headers.Add(DockingHeaders.Signature, DockingSignature.Compute(secret, parts));
        return await base.SendAsync(request, cancellationToken);
    }
}
