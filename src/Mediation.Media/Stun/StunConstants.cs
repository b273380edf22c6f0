namespace Mediation.Media.Stun;

/// <summary>STUN message classes (RFC 8489 §5): two bits spread over the message type.</summary>
public enum StunClass
{
    Request = 0,
    Indication = 1,
    SuccessResponse = 2,
    ErrorResponse = 3,
}

public static class StunMethod
{
    public const ushort Binding = 0x001;
}

/// <summary>Attribute types used by ICE (RFC 8489 §18.3, RFC 8445 §16.1).</summary>
public static class StunAttributeType
{
    public const ushort MappedAddress = 0x0001;
    public const ushort Username = 0x0006;
    public const ushort MessageIntegrity = 0x0008;
    public const ushort ErrorCode = 0x0009;
    public const ushort UnknownAttributes = 0x000A;
    public const ushort XorMappedAddress = 0x0020;
    public const ushort Priority = 0x0024;
    public const ushort UseCandidate = 0x0025;
    public const ushort Software = 0x8022;
    public const ushort Fingerprint = 0x8028;
    public const ushort IceControlled = 0x8029;
    public const ushort IceControlling = 0x802A;
}

public enum StunParseError
{
    None,
    TooShort,
    NotStun,
    BadLength,
    BadAttribute,
    AttributeAfterFingerprint,
}
