namespace Mediation.Domain;

/// <summary>A mutable aggregate guarded by optimistic concurrency: the store replaces <see cref="Version"/>
/// on every update and refuses an update made from a stale copy.</summary>
public interface IVersioned
{
    Guid Version { get; set; }
}
