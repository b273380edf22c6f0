using System.Globalization;
using Mediation.Domain.Calendar;
using Mediation.Domain.Cases;
using Mediation.Domain.Sessions;

namespace Mediation.Server.Sessions;

/// <summary>
/// The words a live session puts into the 调解笔录, in one place: the notices the mediator reads to the parties and each
/// acknowledges on screen (人民调解工作若干规定 art. 30; 人民法院在线调解规则 arts. 13, 17), the header of the session,
/// identity checks, the move to and from a private room, chat lines, and the attendance at the end (art. 22: the
/// record of an online session). The record is kept in Chinese; pages show the notices in the reader's language.
/// </summary>
public static class SessionWording
{
    public static readonly IReadOnlyList<string> Notices =
    [
        "调解的性质与效力：调解遵循自愿、平等、合法原则，不收取费用；经调解达成的协议具有法律约束力，当事人应当履行，可依法申请司法确认。",
        "当事人的权利与义务：当事人有权自主决定是否接受调解、随时要求终止调解、要求调解员回避；应当如实陈述纠纷事实，遵守调解秩序，尊重对方当事人。",
        "回避告知：调解员与本案当事人无利害关系；当事人认为调解员可能影响公正调解的，可以申请更换调解员。",
        "虚假调解警示：当事人恶意串通、虚构事实，企图通过调解损害国家利益、社会公共利益或者他人合法权益的，应当承担法律责任，构成犯罪的依法追究刑事责任。",
        "为达成调解协议作出妥协而认可的事实，不得在后续诉讼中作为对其不利的根据，但法律另有规定或者当事人均同意的除外。",
    ];

    /// <summary>The notices as one record line, numbered.</summary>
    public static string NoticesRead() => "调解员向当事人告知以下事项：" + string.Join("", Notices.Select((n, i) => $"{i + 1}. {n}"));

    public static string NoticesAcknowledged(SessionAttendee a) => $"{a.DisplayName}（{RoleName(a)}）确认已知悉上述告知事项。";

    /// <summary>The header line: time, place, mediator, the matter.</summary>
    public static string Opened(DateTime nowUtc, string mediator, string subject) =>
        $"在线调解开始。时间：{Local(nowUtc)}；地点：线上（音视频调解）；调解员：{mediator}；案由：{subject}。";

    /// <summary>The identity check made before admission (在线调解规则 art. 17).</summary>
    public static string IdentityChecked(SessionAttendee a) =>
        $"调解员通过视频对{a.DisplayName}（{RoleName(a)}）进行身份核验，与案卷所载身份证件信息一致，准予进入调解室。";

    public static string CaucusStarted(PartySide side) => $"调解员与{SideName(side)}一方进行背对背调解。";

    public const string CaucusEnded = "各方回到联合调解室。";

    /// <summary>The agreement's text read together in the call (the shared panel), before anyone signs.</summary>
    public static string DocumentShown(SessionSpace space) => space switch
    {
        SessionSpace.ApplicantCaucus => "调解员在背对背调解中向申请人一方展示调解协议文本，共同阅读。",
        SessionSpace.RespondentCaucus => "调解员在背对背调解中向被申请人一方展示调解协议文本，共同阅读。",
        _ => "调解员向各方当事人展示调解协议文本，共同阅读。",
    };

    /// <summary>A chat line as the record keeps it: marked when said in private, then who said it.</summary>
    public static string ChatPrefix(PartySide? privateTo, string displayName) =>
        (privateTo is { } side ? $"【背对背·{SideName(side)}方】" : "") + displayName + "：";

    /// <summary>The attendance line of the record when a session ends: who was there, for how long.</summary>
    public static string Attendance(MediationSession session, DateTime nowUtc)
    {
        var people = session.Attendees.Where(a => a.AdmittedAtUtc is not null)
            .Select(a => $"{a.DisplayName}（{RoleName(a)}，在线{Math.Max(1, (int)Math.Round(a.PresentSecondsAt(nowUtc) / 60))}分钟）");
        return $"在线调解结束。结束时间：{Local(nowUtc)}；到场人员：{string.Join("、", people)}。";
    }

    public static string RoleName(SessionAttendee a) => (a.Role, a.Side) switch
    {
        (_, PartySide.Applicant) => "申请人",
        (_, PartySide.Respondent) => "被申请人",
        ("Mediator", _) => "调解员",
        _ => "调解组织",
    };

    private static string SideName(PartySide side) => side == PartySide.Applicant ? "申请人" : "被申请人";

    private static string Local(DateTime utc) => ChinaTime.ToChinaTime(utc).ToString("yyyy年M月d日 HH:mm", CultureInfo.InvariantCulture);
}
