using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using Mediation.Media.Srtp;

namespace Mediation.Media.Benchmarks;

/// <summary>Per-packet SRTP cost for both profiles, on a 1,100-byte video-sized packet, allocations included.</summary>
[MemoryDiagnoser]
[ShortRunJob]
public class SrtpBenchmarks
{
    private const int PayloadLength = 1100;
    private readonly byte[] _buffer = new byte[1500];
    private SrtpContext _sender = null!;
    private SrtpContext _receiver = null!;
    private byte[] _protected = [];
    private ushort _seq;

    [Params(SrtpProfile.AeadAes128Gcm, SrtpProfile.Aes128CmHmacSha1_80)]
    public SrtpProfile Profile { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var key = new byte[16];
        var salt = new byte[Profile.SaltLength()];
        Random.Shared.NextBytes(key);
        Random.Shared.NextBytes(salt);
        _sender = new SrtpContext(Profile, key, salt);
        _receiver = new SrtpContext(Profile, key, salt);
        var length = Write(_buffer, 1);
        _protected = _buffer[.._sender.ProtectRtp(_buffer, length)];
    }

    [Benchmark]
    public int Protect() => _sender.ProtectRtp(_buffer, Write(_buffer, ++_seq));

    /// <summary>Protect then unprotect (with its replay check) a fresh packet; minus <see cref="Protect"/>, the cost of
    /// unprotecting. A fresh index each time, so the replay window never refuses it.</summary>
    [Benchmark]
    public SrtpError ProtectAndUnprotect()
    {
        var length = _sender.ProtectRtp(_buffer, Write(_buffer, ++_seq));
        return _receiver.UnprotectRtp(_buffer, length, out _);
    }

    [Benchmark(Baseline = true)]
    public int CopyOnly()
    {
        _protected.CopyTo(_buffer, 0);
        return _protected.Length;
    }

    private static int Write(byte[] buffer, ushort seq)
    {
        buffer[0] = 0x80;
        buffer[1] = 96;
        BinaryPrimitives.WriteUInt16BigEndian(buffer.AsSpan(2), seq);
        BinaryPrimitives.WriteUInt32BigEndian(buffer.AsSpan(8), 0x12345678);
        return 12 + PayloadLength;
    }
}
