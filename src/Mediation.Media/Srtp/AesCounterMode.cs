using System.Security.Cryptography;

namespace Mediation.Media.Srtp;

/// <summary>
/// AES in counter mode as SRTP uses it (RFC 3711 §4.1.1): the 16-byte IV's last two bytes count blocks. Built on
/// AES-ECB over prepared counter blocks, which .NET runs with AES-NI; the scratch buffers are reused, so a
/// packet costs no allocation. Not thread-safe, like the SRTP context that owns it.
/// </summary>
internal sealed class AesCounterMode : IDisposable
{
    public const int MaxLength = 2048;
    private readonly Aes _aes;
    private readonly byte[] _counters = new byte[MaxLength];
    private readonly byte[] _keystream = new byte[MaxLength];

    public AesCounterMode(ReadOnlySpan<byte> key)
    {
        _aes = Aes.Create();
        _aes.Key = key.ToArray();
    }

    /// <summary>XORs <paramref name="data"/> (at most <see cref="MaxLength"/> bytes) with the keystream from <paramref name="iv"/>.</summary>
    public void Apply(ReadOnlySpan<byte> iv, Span<byte> data)
    {
        var blocks = (data.Length + 15) / 16;
        var counters = _counters.AsSpan(0, blocks * 16);
        for (var i = 0; i < blocks; i++)
        {
            var block = counters.Slice(i * 16, 16);
            iv.CopyTo(block);
            var low = (iv[14] << 8 | iv[15]) + i;
            block[14] = (byte)(low >> 8);
            block[15] = (byte)low;
        }

        var keystream = _keystream.AsSpan(0, blocks * 16);
        _aes.EncryptEcb(counters, keystream, PaddingMode.None);
        for (var i = 0; i < data.Length; i++)
        {
            data[i] ^= keystream[i];
        }
    }

    public void Dispose() => _aes.Dispose();
}
