using System.Data.Common;
using System.Net.Sockets;

namespace Mediation.Server.Hosting;

/// <summary>
/// Failures that are not a defect but a part of the system being away for a while: the database (a restart, a
/// failover) or the Redis backplane. The caller is told to try again shortly, in its language, instead of seeing an
/// internal error; nothing was saved.
/// </summary>
public static class Outages
{
    public const string StorageUnavailable = "storage-unavailable";
    public const string BackplaneUnavailable = "temporarily-unavailable";

    /// <summary>The problem code of an outage somewhere in <paramref name="e"/>'s chain, or null for anything else.</summary>
    public static string? CodeOf(Exception e)
    {
        for (var current = e; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case StackExchange.Redis.RedisException:
                    return BackplaneUnavailable;
                case DbException { IsTransient: true } or SocketException or TimeoutException:
                    return StorageUnavailable;
                case DbException db when IsConnectionFailure(db):
                    return StorageUnavailable;
            }
        }

        return null;
    }

    /// <summary>Npgsql marks a refused or broken connection transient; SQLite's "database is locked" (SQLITE_BUSY) is
    /// another writer holding the file for longer than the busy timeout.</summary>
    private static bool IsConnectionFailure(DbException e) =>
        e.GetType().Name == "SqliteException" && e.ErrorCode is 5 or 6;
}
