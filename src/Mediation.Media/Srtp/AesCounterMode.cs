using System.Runtime.InteropServices;
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
    private readonly ICryptoTransform _ecb;
    private readonly byte[] _counters = new byte[MaxLength];
    private readonly byte[] _keystream = new byte[MaxLength];

    public AesCounterMode(ReadOnlySpan<byte> key)
    {
        _aes = Aes.Create();
        _aes.Key = key.ToArray();
        _aes.Mode = CipherMode.ECB;
        _aes.Padding = PaddingMode.None;
        // One transform for the context's life: Aes.EncryptEcb would build a cipher object per call.
        _ecb = _aes.CreateEncryptor();
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

        _ecb.TransformBlock(_counters, 0, blocks * 16, _keystream, 0);
        var keystream = _keystream.AsSpan(0, data.Length);
        var words = data.Length / 8;
        var dataWords = MemoryMarshal.Cast<byte, ulong>(data[..(words * 8)]);
        var streamWords = MemoryMarshal.Cast<byte, ulong>(keystream[..(words * 8)]);
        for (var i = 0; i < dataWords.Length; i++)
        {
            dataWords[i] ^= streamWords[i];
        }

        for (var i = words * 8; i < data.Length; i++)
        {
            data[i] ^= keystream[i];
        }
    }

    public void Dispose()
    {
        _ecb.Dispose();
        _aes.Dispose();
    }
}
