namespace Mediation.Server.Sessions;

/// <summary>
/// What the mediator reads to the parties at the start of a session and each acknowledges on screen; the record
/// keeps this text (人民调解工作若干规定 art. 30; 人民法院在线调解规则 arts. 13, 17). The pages show the same notices
/// in the reader's language; the record is kept in Chinese.
/// </summary>
public static class SessionNotices
{
    public static readonly IReadOnlyList<string> Text =
    [
        "调解的性质与效力：调解遵循自愿、平等、合法原则，不收取费用；经调解达成的协议具有法律约束力，当事人应当履行，可依法申请司法确认。",
        "当事人的权利与义务：当事人有权自主决定是否接受调解、随时要求终止调解、要求调解员回避；应当如实陈述纠纷事实，遵守调解秩序，尊重对方当事人。",
        "回避告知：调解员与本案当事人无利害关系；当事人认为调解员可能影响公正调解的，可以申请更换调解员。",
        "虚假调解警示：当事人恶意串通、虚构事实，企图通过调解损害国家利益、社会公共利益或者他人合法权益的，应当承担法律责任，构成犯罪的依法追究刑事责任。",
        "为达成调解协议作出妥协而认可的事实，不得在后续诉讼中作为对其不利的根据，但法律另有规定或者当事人均同意的除外。",
    ];
}
