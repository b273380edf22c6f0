namespace Mediation.Domain.Cases;

/// <summary>Why a mediation ended without (or before) an agreement, on the model of 人民法院在线调解规则 art. 25.</summary>
public enum TerminationReason
{
    /// <summary>(二) 当事人自行和解，撤回调解申请</summary>
    SettledAndWithdrawn,
    /// <summary>(三) 在调解期限内无法联系到当事人</summary>
    PartyUnreachable,
    /// <summary>(四) 当事人一方明确表示不愿意继续调解</summary>
    PartyRefusedToContinue,
    /// <summary>(五) 当事人分歧较大且难以达成调解协议</summary>
    IrreconcilableDifferences,
    /// <summary>(六) 调解期限届满，未达成调解协议，且各方当事人未达成延长调解期限的合意</summary>
    TimeLimitExpired,
    /// <summary>(七) 当事人一方拒绝在调解协议上签章</summary>
    PartyRefusedToSign,
    /// <summary>(八) 其他导致调解无法进行的情形</summary>
    Other,
}
