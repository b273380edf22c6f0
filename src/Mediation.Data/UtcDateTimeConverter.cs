using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace Mediation.Data;

/// <summary>Writes UTC, reads UTC. A local time reaching the store is converted rather than silently shifted.</summary>
public sealed class UtcDateTimeConverter() : ValueConverter<DateTime, DateTime>(
    v => v.Kind == DateTimeKind.Utc ? v : v.ToUniversalTime(),
    v => DateTime.SpecifyKind(v, DateTimeKind.Utc));
