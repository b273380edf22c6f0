using System.Text.Json;

namespace Mediation.Domain.Calendar;

/// <summary>
/// Which days are working days in mainland China: Monday to Friday, except the public holidays, plus the
/// weekend days the State Council moves work to (调休). Each year's schedule comes from the State Council's
/// notice as a small JSON document that operators can replace; years without one count weekends only.
/// </summary>
public sealed class WorkingCalendar
{
    // Declared before BuiltIn: static initializers run in textual order.
    private static readonly JsonSerializerOptions Options = new() { PropertyNameCaseInsensitive = true };

    private readonly HashSet<DateOnly> _holidays;
    private readonly HashSet<DateOnly> _workdays;

    private WorkingCalendar(HashSet<DateOnly> holidays, HashSet<DateOnly> workdays, IReadOnlySet<int> years)
    {
        _holidays = holidays;
        _workdays = workdays;
        Years = years;
    }

    public static WorkingCalendar WeekendsOnly { get; } = new([], [], new HashSet<int>());

    /// <summary>The official schedules shipped with the program (Calendar/cn-*.json, embedded); operators add
    /// or replace years with <see cref="With"/>.</summary>
    public static WorkingCalendar BuiltIn { get; } = LoadBuiltIn();

    private static WorkingCalendar LoadBuiltIn()
    {
        var assembly = typeof(WorkingCalendar).Assembly;
        var calendar = WeekendsOnly;
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.EndsWith(".json", StringComparison.Ordinal) && n.Contains(".Calendar.cn-", StringComparison.Ordinal)).Order())
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            var result = TryParse(reader.ReadToEnd(), out var year);
            calendar = result.IsOk ? calendar.With(year!) : throw new InvalidOperationException($"{name}: {result.Message}");
        }

        return calendar;
    }

    /// <summary>The years whose official schedule is loaded.</summary>
    public IReadOnlySet<int> Years { get; }

    public bool IsWorkingDay(DateOnly day) =>
        _workdays.Contains(day) || (!_holidays.Contains(day) && day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday));

    /// <summary>The <paramref name="count"/>-th working day after <paramref name="start"/>; the start day itself does not count.</summary>
    public DateOnly AddWorkingDays(DateOnly start, int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        var day = start;
        while (count > 0)
        {
            day = day.AddDays(1);
            if (IsWorkingDay(day))
            {
                count--;
            }
        }

        return day;
    }

    /// <summary>
    /// The last day of a period of <paramref name="days"/> days counted from <paramref name="start"/>
    /// (民事诉讼法 art. 85: the starting day is not counted; a period ending on a statutory rest day ends on the
    /// first working day after it).
    /// </summary>
    public DateOnly EndOfPeriod(DateOnly start, int days)
    {
        var end = start.AddDays(days);
        while (!IsWorkingDay(end))
        {
            end = end.AddDays(1);
        }

        return end;
    }

    /// <summary>This calendar with another year's schedule added (or replaced).</summary>
    public WorkingCalendar With(WorkingCalendar other)
    {
        var holidays = _holidays.Where(d => !other.Years.Contains(d.Year)).Concat(other._holidays).ToHashSet();
        var workdays = _workdays.Where(d => !other.Years.Contains(d.Year)).Concat(other._workdays).ToHashSet();
        return new WorkingCalendar(holidays, workdays, Years.Union(other.Years).ToHashSet());
    }

    /// <summary>Reads one year's schedule: <c>{"year":2026,"source":"…","holidays":["2026-01-01",…],"workdays":["2026-01-04",…]}</c>.</summary>
    public static DomainResult TryParse(string json, out WorkingCalendar? calendar)
    {
        calendar = null;
        Schedule? schedule;
        try
        {
            schedule = JsonSerializer.Deserialize<Schedule>(json, Options);
        }
        catch (JsonException e)
        {
            return DomainResult.Refuse("calendar-invalid", "The holiday calendar is not valid JSON: " + e.Message);
        }

        if (schedule is null || schedule.Year is < 2000 or > 2100)
        {
            return DomainResult.Refuse("calendar-invalid", "The holiday calendar needs a year.");
        }

        var holidays = new HashSet<DateOnly>();
        var workdays = new HashSet<DateOnly>();
        foreach (var (list, target) in new[] { (schedule.Holidays, holidays), (schedule.Workdays, workdays) })
        {
            foreach (var text in list ?? [])
            {
                if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", out var day) || day.Year != schedule.Year)
                {
                    return DomainResult.Refuse("calendar-invalid", $"'{text}' is not a date of {schedule.Year}.");
                }

                target.Add(day);
            }
        }

        if (holidays.Overlaps(workdays))
        {
            return DomainResult.Refuse("calendar-invalid", "A day cannot be both a holiday and a working day.");
        }

        calendar = new WorkingCalendar(holidays, workdays, new HashSet<int> { schedule.Year });
        return DomainResult.Ok;
    }

    private sealed record Schedule(int Year, string? Source, List<string>? Holidays, List<string>? Workdays);
}
