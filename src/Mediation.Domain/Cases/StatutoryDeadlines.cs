using Mediation.Domain.Calendar;

namespace Mediation.Domain.Cases;

/// <summary>The deadlines a labour mediation runs against, computed on the working calendar.</summary>
public sealed class StatutoryDeadlines(WorkingCalendar calendar)
{
    /// <summary>Accept or decline within 3 working days of receipt (在线调解规则 art. 12; 人社部令第17号).</summary>
    public DateOnly AcceptanceDue(DateOnly received) => calendar.AddWorkingDays(received, 3);

    /// <summary>No agreement 15 days after the organization received the application: a party may apply for
    /// arbitration (调解仲裁法 art. 14).</summary>
    public DateOnly MediationLimit(DateOnly received) => calendar.EndOfPeriod(received, 15);

    /// <summary>Joint application for 司法确认 within 30 days of the agreement taking effect (人民调解法 art. 33,
    /// 民事诉讼法 art. 205).</summary>
    public DateOnly JudicialConfirmationWindowEnd(DateOnly agreementEffective) => calendar.EndOfPeriod(agreementEffective, 30);

    /// <summary>Joint application for 仲裁审查 within 15 days of the agreement taking effect (劳动人事争议仲裁办案规则 art. 74).</summary>
    public DateOnly ArbitrationReviewWindowEnd(DateOnly agreementEffective) => calendar.EndOfPeriod(agreementEffective, 15);
}
