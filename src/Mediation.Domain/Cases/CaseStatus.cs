namespace Mediation.Domain.Cases;

/// <summary>Where a case stands. Transitions are in <see cref="CaseLifecycle"/>; nothing else changes a status.</summary>
public enum CaseStatus
{
    /// <summary>申请：received, not yet decided (acceptance within 3 working days).</summary>
    Applied,
    /// <summary>受理</summary>
    Accepted,
    /// <summary>不予受理, with a reason.</summary>
    Declined,
    /// <summary>已指派调解员</summary>
    MediatorAssigned,
    /// <summary>调解中</summary>
    InMediation,
    /// <summary>达成调解协议 (signing is the agreement's own workflow).</summary>
    AgreementReached,
    /// <summary>调解不成, with a termination reason.</summary>
    Failed,
    /// <summary>撤回申请</summary>
    Withdrawn,
    /// <summary>督促履行 (人民调解法 art. 31).</summary>
    UnderSupervision,
    /// <summary>已履行</summary>
    Performed,
    /// <summary>未履行 (调解仲裁法 art. 15: arbitration; art. 16: 支付令 where eligible).</summary>
    NotPerformed,
    /// <summary>转仲裁、仲裁审查、司法确认或支付令</summary>
    Referred,
    /// <summary>移送其他调解组织 (outside this organization's scope).</summary>
    TransferredOut,
    /// <summary>归档：closed and kept.</summary>
    Archived,
}

/// <summary>What may be done to a case. Each command is legal only in some statuses.</summary>
public enum CaseCommand
{
    Accept,
    Decline,
    AssignMediator,
    StartMediation,
    RecordAgreement,
    Fail,
    Withdraw,
    BeginSupervision,
    ConfirmPerformed,
    ReportNotPerformed,
    Refer,
    TransferOut,
    Archive,
}
