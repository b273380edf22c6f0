namespace Mediation.Media.Sfu;

/// <summary>A router operation's outcome: done, or refused with a stable code the signaling layer passes on.</summary>
public readonly record struct MediaResult(string? ErrorCode, string? Message)
{
    public static readonly MediaResult Ok = new(null, null);

    public bool IsOk => ErrorCode is null;

    public static MediaResult Refuse(string code, string message) => new(code, message);
}

/// <summary>A router operation's outcome with the object it made.</summary>
public readonly record struct MediaResult<T>(T? Value, string? ErrorCode, string? Message) where T : class
{
    public bool IsOk => ErrorCode is null;

    public static MediaResult<T> Ok(T value) => new(value, null, null);

    public static MediaResult<T> Refuse(string code, string message) => new(null, code, message);
}
