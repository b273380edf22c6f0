namespace Mediation.Domain.Calendar;

/// <summary>Legal deadlines run by the calendar day in China (UTC+8, no daylight saving).</summary>
public static class ChinaTime
{
    public static readonly TimeSpan Offset = TimeSpan.FromHours(8);

    /// <summary>The wall-clock time in China (UTC+8, no daylight saving) of a UTC instant, for documents and messages.</summary>
    public static DateTime ToChinaTime(DateTime utc) => DateTime.SpecifyKind(DateTime.SpecifyKind(utc, DateTimeKind.Utc) + Offset, DateTimeKind.Unspecified);

    public static DateOnly DateOf(DateTime utc) => DateOnly.FromDateTime(DateTime.SpecifyKind(utc, DateTimeKind.Utc) + Offset);

    /// <summary>The end of a China calendar day (23:59:59.999 local) as UTC.</summary>
    public static DateTime EndOfDayUtc(DateOnly day) => DateTime.SpecifyKind(day.ToDateTime(TimeOnly.MaxValue) - Offset, DateTimeKind.Utc);
}
