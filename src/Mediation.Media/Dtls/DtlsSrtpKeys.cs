using Mediation.Media.Srtp;

namespace Mediation.Media.Dtls;

/// <summary>SRTP master keys exported from a DTLS handshake, split as RFC 5764 §4.2 lays them out:
/// client key | server key | client salt | server salt.</summary>
public sealed record DtlsSrtpKeys(SrtpProfile Profile, byte[] ClientKey, byte[] ServerKey, byte[] ClientSalt, byte[] ServerSalt)
{
    public static DtlsSrtpKeys Split(SrtpProfile profile, ReadOnlySpan<byte> material)
    {
        var k = SrtpProfiles.KeyLength;
        var s = profile.SaltLength();
        if (material.Length != profile.KeyingMaterialLength())
        {
            throw new ArgumentException($"{profile} needs {profile.KeyingMaterialLength()} bytes of keying material.", nameof(material));
        }

        return new DtlsSrtpKeys(profile, material[..k].ToArray(), material[k..(2 * k)].ToArray(),
            material[(2 * k)..(2 * k + s)].ToArray(), material[(2 * k + s)..].ToArray());
    }

    /// <summary>The contexts one side uses: it sends with its own key and receives with the peer's.</summary>
    public (SrtpContext Send, SrtpContext Receive) CreateContexts(bool isServer) => isServer
        ? (new SrtpContext(Profile, ServerKey, ServerSalt), new SrtpContext(Profile, ClientKey, ClientSalt))
        : (new SrtpContext(Profile, ClientKey, ClientSalt), new SrtpContext(Profile, ServerKey, ServerSalt));
}
