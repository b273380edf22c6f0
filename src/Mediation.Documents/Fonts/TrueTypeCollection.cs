using System.Buffers.Binary;

namespace Mediation.Documents.Fonts;

/// <summary>
/// One face of a TrueType collection (.ttc) as a standalone font file. PDFsharp loads .ttf files only (a .ttc makes
/// it throw), and the CJK fonts Debian ships are collections. The OpenType specification's "Font Collections"
/// section: a <c>ttcf</c> header lists each face's table directory, whose offsets count from the collection's start.
/// </summary>
public static class TrueTypeCollection
{
    private const uint CollectionTag = 0x74746366; // 'ttcf'

    /// <summary>Whether <paramref name="data"/> is a collection at all (a plain .ttf is used as it is).</summary>
    public static bool IsCollection(ReadOnlySpan<byte> data) => data.Length >= 12 && BinaryPrimitives.ReadUInt32BigEndian(data) == CollectionTag;

    /// <summary>Face <paramref name="index"/> as a .ttf; null when the data is not a well-formed collection.</summary>
    public static byte[]? ExtractFace(ReadOnlySpan<byte> data, int index)
    {
        if (!IsCollection(data))
        {
            return null;
        }

        var faces = BinaryPrimitives.ReadUInt32BigEndian(data[8..]);
        if (index < 0 || index >= faces || data.Length < 12 + (4 * (index + 1)))
        {
            return null;
        }

        var directory = (int)BinaryPrimitives.ReadUInt32BigEndian(data[(12 + (4 * index))..]);
        if (directory < 0 || directory + 12 > data.Length)
        {
            return null;
        }

        var tables = BinaryPrimitives.ReadUInt16BigEndian(data[(directory + 4)..]);
        var headerLength = 12 + (16 * tables);
        if (directory + headerLength > data.Length)
        {
            return null;
        }

        // The tables, each aligned to four bytes as the specification asks, after the new directory.
        var records = new (int Offset, int Length)[tables];
        var size = headerLength;
        for (var i = 0; i < tables; i++)
        {
            var record = data.Slice(directory + 12 + (16 * i), 16);
            var offset = BinaryPrimitives.ReadUInt32BigEndian(record[8..]);
            var length = BinaryPrimitives.ReadUInt32BigEndian(record[12..]);
            if (offset + (long)length > data.Length)
            {
                return null;
            }

            records[i] = ((int)offset, (int)length);
            size += (int)((length + 3) & ~3u);
        }

        var font = new byte[size];
        data.Slice(directory, headerLength).CopyTo(font);
        var at = headerLength;
        for (var i = 0; i < tables; i++)
        {
            data.Slice(records[i].Offset, records[i].Length).CopyTo(font.AsSpan(at));
            BinaryPrimitives.WriteUInt32BigEndian(font.AsSpan(12 + (16 * i) + 8), (uint)at);
            at += (records[i].Length + 3) & ~3;
        }

        return font;
    }
}
