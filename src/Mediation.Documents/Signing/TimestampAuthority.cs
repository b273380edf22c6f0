using System.Net.Http.Headers;

namespace Mediation.Documents.Signing;

/// <summary>A time-stamping authority (RFC 3161): answers a DER TimeStampReq with a DER TimeStampResp.</summary>
public interface ITimestampAuthority
{
    Task<byte[]> RequestAsync(byte[] query, CancellationToken ct);
}

/// <summary>An RFC 3161 TSA over HTTP (RFC 3161 §3.4): the query POSTed as application/timestamp-query, the reply
/// read as application/timestamp-reply.</summary>
public sealed class HttpTimestampAuthority(HttpClient http, Uri url) : ITimestampAuthority
{
    /// <summary>A reply is a few kilobytes; anything much larger is not one.</summary>
    private const int MaxReplyBytes = 64 * 1024;

    public async Task<byte[]> RequestAsync(byte[] query, CancellationToken ct)
    {
        using var content = new ByteArrayContent(query);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/timestamp-query");
        using var response = await http.PostAsync(url, content, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new TimestampUnavailableException($"The time-stamping authority answered {(int)response.StatusCode}.");
        }

        if (response.Content.Headers.ContentLength > MaxReplyBytes)
        {
            throw new TimestampUnavailableException("The time-stamping authority's reply is too large.");
        }

        return await response.Content.ReadAsByteArrayAsync(ct);
    }
}

/// <summary>No signature timestamp could be had (the TSA unreachable, refusing, or answering with a token that does
/// not match the query): the signature is not made, rather than made without the timestamp it was configured with.</summary>
public sealed class TimestampUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
