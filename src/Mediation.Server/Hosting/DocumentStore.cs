using System.Security.Cryptography;

namespace Mediation.Server.Hosting;

public sealed record StoredDocument(string Path, string Sha256, long Size, byte[] Head);

/// <summary>
/// Files kept on disk under <c>&lt;data&gt;/documents</c>, so <c>Storage:DataDirectory</c> moves them with the
/// database. Writing streams through a SHA-256 and a size limit and only then moves the file into place, so a
/// refused or broken upload leaves nothing behind.
/// </summary>
public sealed class DocumentStore(StorageLayout layout)
{
    private string Root => Path.Combine(layout.DataDirectory, "documents");

    /// <summary>Stores the stream under <paramref name="folder"/>; null when it is longer than <paramref name="maxBytes"/>.</summary>
    public async Task<StoredDocument?> SaveAsync(Stream content, string folder, long maxBytes, CancellationToken ct)
    {
        var relative = Path.Combine(folder, Guid.NewGuid().ToString("N"));
        var target = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        var temporary = target + ".part";
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var head = new byte[16];
        var headLength = 0;
        long size = 0;
        var buffer = new byte[81920];
        await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 4096, useAsync: true))
        {
            int read;
            while ((read = await content.ReadAsync(buffer, ct)) > 0)
            {
                size += read;
                if (size > maxBytes)
                {
                    break;
                }

                if (headLength < head.Length)
                {
                    var take = Math.Min(read, head.Length - headLength);
                    buffer.AsSpan(0, take).CopyTo(head.AsSpan(headLength));
                    headLength += take;
                }

                hash.AppendData(buffer, 0, read);
                await file.WriteAsync(buffer.AsMemory(0, read), ct);
            }
        }

        if (size > maxBytes)
        {
            File.Delete(temporary);
            return null;
        }

        File.Move(temporary, target);
        return new StoredDocument(relative, Convert.ToHexStringLower(hash.GetHashAndReset()), size, head[..headLength]);
    }

    public void Delete(string relativePath) => File.Delete(Path.Combine(Root, relativePath));

    public Task<byte[]> ReadAsync(string relativePath, CancellationToken ct) => File.ReadAllBytesAsync(Path.Combine(Root, relativePath), ct);
}
