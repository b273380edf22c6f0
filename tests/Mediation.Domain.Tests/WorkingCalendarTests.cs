using Mediation.Domain.Calendar;
using Mediation.Domain.Cases;

namespace Mediation.Domain.Tests;

public class WorkingCalendarTests
{
    private static readonly WorkingCalendar Calendar = WorkingCalendar.BuiltIn;
    private static DateOnly D(string s) => DateOnly.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void The_official_2026_schedule_ships_with_the_program()
    {
        Assert.Contains(2026, Calendar.Years);
        Assert.False(Calendar.IsWorkingDay(D("2026-02-16"))); // 春节, a Monday
        Assert.True(Calendar.IsWorkingDay(D("2026-02-14")));  // 调休: a Saturday worked
        Assert.True(Calendar.IsWorkingDay(D("2026-10-10")));  // 调休 after 国庆
        Assert.False(Calendar.IsWorkingDay(D("2026-10-05")));
        Assert.False(Calendar.IsWorkingDay(D("2026-03-07")));  // an ordinary Saturday
        Assert.True(Calendar.IsWorkingDay(D("2026-03-09")));
    }

    [Theory]
    [InlineData("2026-03-04", 3, "2026-03-09")] // Wed → Thu, Fri, (weekend), Mon
    [InlineData("2026-02-12", 3, "2026-02-24")] // Thu → Fri, Sat (worked), then the 9-day Spring Festival, Tue
    [InlineData("2026-09-30", 1, "2026-10-08")] // into 国庆
    [InlineData("2026-09-18", 1, "2026-09-20")] // Fri → Sun 20 September is a working day
    [InlineData("2026-03-04", 0, "2026-03-04")]
    public void Working_days_skip_weekends_and_holidays_and_count_the_moved_workdays(string start, int days, string expected) =>
        Assert.Equal(D(expected), Calendar.AddWorkingDays(D(start), days));

    [Theory]
    [InlineData("2026-03-02", 15, "2026-03-17")] // ends on a Tuesday
    [InlineData("2026-03-06", 15, "2026-03-23")] // would end Saturday 21: Monday
    [InlineData("2026-09-16", 15, "2026-10-08")] // would end 1 October: after 国庆
    [InlineData("2026-01-13", 30, "2026-02-12")]
    public void A_day_period_that_ends_on_a_rest_day_ends_on_the_next_working_day(string start, int days, string expected) =>
        Assert.Equal(D(expected), Calendar.EndOfPeriod(D(start), days));

    [Fact]
    public void Years_without_a_schedule_count_weekends_only()
    {
        Assert.True(Calendar.IsWorkingDay(D("2027-01-01"))); // a Friday; 2027's notice is not loaded
        Assert.False(Calendar.IsWorkingDay(D("2027-01-02")));
    }

    [Fact]
    public void An_operator_schedule_replaces_the_year()
    {
        Assert.True(WorkingCalendar.TryParse("""{"year":2027,"holidays":["2027-01-01"],"workdays":["2027-01-02"]}""", out var y2027).IsOk);
        var calendar = Calendar.With(y2027!);
        Assert.False(calendar.IsWorkingDay(D("2027-01-01")));
        Assert.True(calendar.IsWorkingDay(D("2027-01-02")));
        Assert.False(calendar.IsWorkingDay(D("2026-02-16")));
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"holidays":[]}""")]
    [InlineData("""{"year":2026,"holidays":["2025-12-31"]}""")]
    [InlineData("""{"year":2026,"holidays":["2026-13-01"]}""")]
    [InlineData("""{"year":2026,"holidays":["2026-01-01"],"workdays":["2026-01-01"]}""")]
    public void A_bad_schedule_is_refused_with_a_reason(string json)
    {
        var result = WorkingCalendar.TryParse(json, out var calendar);
        Assert.Equal("calendar-invalid", result.ErrorCode);
        Assert.Null(calendar);
    }

    [Fact]
    public void Statutory_deadlines_follow_the_calendar()
    {
        var deadlines = new StatutoryDeadlines(Calendar);
        Assert.Equal(D("2026-02-24"), deadlines.AcceptanceDue(D("2026-02-12")));
        Assert.Equal(D("2026-02-28"), deadlines.MediationLimit(D("2026-02-13"))); // ends on 28 February, a Saturday worked (调休)
        Assert.Equal(D("2026-10-08"), deadlines.ArbitrationReviewWindowEnd(D("2026-09-16")));
        Assert.Equal(D("2026-05-06"), deadlines.JudicialConfirmationWindowEnd(D("2026-04-01"))); // 1 May falls in 劳动节
    }

    [Fact]
    public void China_dates_come_from_utc_plus_eight()
    {
        Assert.Equal(D("2026-03-02"), ChinaTime.DateOf(new DateTime(2026, 3, 1, 16, 0, 0, DateTimeKind.Utc)));
        Assert.Equal(D("2026-03-01"), ChinaTime.DateOf(new DateTime(2026, 3, 1, 15, 59, 59, DateTimeKind.Utc)));
        Assert.Equal(new DateTime(2026, 3, 1, 15, 59, 59, 999, DateTimeKind.Utc).AddTicks(9999), ChinaTime.EndOfDayUtc(D("2026-03-01")));
    }
}
