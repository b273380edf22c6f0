using System.Security.Cryptography;

namespace Mediation.Media.Srtp;

/// <summary>The SRTP key derivation function (RFC 3711 §4.3.1, AES-CM PRF, key derivation rate 0).</summary>
internal static class SrtpKeyDerivation
{
    public const byte RtpEncryption = 0x00;
    public const byte RtpAuthentication = 0x01;
    public const byte RtpSalt = 0x02;
    public const byte RtcpEncryption = 0x03;
    public const byte RtcpAuthentication = 0x04;
    public const byte RtcpSalt = 0x05;

    /// <summary>Fills <paramref name="output"/> with the session key for <paramref name="label"/>. A 12-byte
    /// (GCM) master salt is right-padded with zeros to the PRF's 112 bits (RFC 7714 §11).</summary>
    public static void Derive(ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, byte label, Span<byte> output)
    {
        // x = key_id XOR master_salt, right-aligned: the 56-bit key_id (label || 48-bit index/kdr = 0) puts
        // the label at byte 7 of the 14-byte salt. IV = x * 2^16.
        Span<byte> iv = stackalloc byte[16];
        iv.Clear();
        masterSalt.CopyTo(iv);
        iv[7] ^= label;

        using var aes = Aes.Create();
        aes.Key = masterKey.ToArray();
        var blocks = (output.Length + 15) / 16;
        Span<byte> counters = stackalloc byte[blocks * 16];
        for (var i = 0; i < blocks; i++)
        {
            var block = counters.Slice(i * 16, 16);
            iv.CopyTo(block);
            block[14] = (byte)(i >> 8);
            block[15] = (byte)i;
        }

        Span<byte> stream = stackalloc byte[blocks * 16];
        aes.EncryptEcb(counters, stream, PaddingMode.None);
        stream[..output.Length].CopyTo(output);
    }
}
