namespace Mediation.Domain.Cases;

/// <summary>
/// The case state machine as one table: every (status, command) pair not in it is illegal, and
/// <see cref="Apply"/> refuses it with a reason instead of moving. The case aggregate changes its status only
/// through here, so an illegal transition cannot happen by any path.
/// </summary>
public static class CaseLifecycle
{
    private static readonly Dictionary<(CaseStatus, CaseCommand), CaseStatus> Transitions = new()
    {
        [(CaseStatus.Applied, CaseCommand.Accept)] = CaseStatus.Accepted,
        [(CaseStatus.Applied, CaseCommand.Decline)] = CaseStatus.Declined,
        [(CaseStatus.Applied, CaseCommand.Withdraw)] = CaseStatus.Withdrawn,
        [(CaseStatus.Applied, CaseCommand.TransferOut)] = CaseStatus.TransferredOut,

        [(CaseStatus.Accepted, CaseCommand.AssignMediator)] = CaseStatus.MediatorAssigned,
        [(CaseStatus.Accepted, CaseCommand.Withdraw)] = CaseStatus.Withdrawn,
        [(CaseStatus.Accepted, CaseCommand.TransferOut)] = CaseStatus.TransferredOut,

        // A party may ask for another mediator (在线调解规则 art. 14), before or during mediation.
        [(CaseStatus.MediatorAssigned, CaseCommand.AssignMediator)] = CaseStatus.MediatorAssigned,
        [(CaseStatus.MediatorAssigned, CaseCommand.StartMediation)] = CaseStatus.InMediation,
        [(CaseStatus.MediatorAssigned, CaseCommand.Withdraw)] = CaseStatus.Withdrawn,
        [(CaseStatus.MediatorAssigned, CaseCommand.Fail)] = CaseStatus.Failed,

        [(CaseStatus.InMediation, CaseCommand.AssignMediator)] = CaseStatus.InMediation,
        [(CaseStatus.InMediation, CaseCommand.RecordAgreement)] = CaseStatus.AgreementReached,
        [(CaseStatus.InMediation, CaseCommand.Fail)] = CaseStatus.Failed,
        [(CaseStatus.InMediation, CaseCommand.Withdraw)] = CaseStatus.Withdrawn,

        [(CaseStatus.AgreementReached, CaseCommand.BeginSupervision)] = CaseStatus.UnderSupervision,
        [(CaseStatus.AgreementReached, CaseCommand.Refer)] = CaseStatus.Referred,

        [(CaseStatus.UnderSupervision, CaseCommand.ConfirmPerformed)] = CaseStatus.Performed,
        [(CaseStatus.UnderSupervision, CaseCommand.ReportNotPerformed)] = CaseStatus.NotPerformed,
        [(CaseStatus.UnderSupervision, CaseCommand.Refer)] = CaseStatus.Referred,

        [(CaseStatus.NotPerformed, CaseCommand.Refer)] = CaseStatus.Referred,
        [(CaseStatus.Failed, CaseCommand.Refer)] = CaseStatus.Referred,

        [(CaseStatus.Declined, CaseCommand.Archive)] = CaseStatus.Archived,
        [(CaseStatus.Withdrawn, CaseCommand.Archive)] = CaseStatus.Archived,
        [(CaseStatus.TransferredOut, CaseCommand.Archive)] = CaseStatus.Archived,
        [(CaseStatus.Failed, CaseCommand.Archive)] = CaseStatus.Archived,
        [(CaseStatus.Performed, CaseCommand.Archive)] = CaseStatus.Archived,
        [(CaseStatus.NotPerformed, CaseCommand.Archive)] = CaseStatus.Archived,
        [(CaseStatus.Referred, CaseCommand.Archive)] = CaseStatus.Archived,
    };

    /// <summary>Statuses from which nothing but archiving (or nothing at all) follows.</summary>
    public static bool IsClosed(CaseStatus status) =>
        status is CaseStatus.Declined or CaseStatus.Withdrawn or CaseStatus.TransferredOut or CaseStatus.Performed or CaseStatus.Referred or CaseStatus.Archived;

    public static IEnumerable<CaseCommand> AllowedCommands(CaseStatus status) =>
        Transitions.Keys.Where(k => k.Item1 == status).Select(k => k.Item2);

    public static DomainResult Apply(CaseStatus current, CaseCommand command, out CaseStatus next)
    {
        if (Transitions.TryGetValue((current, command), out next))
        {
            return DomainResult.Ok;
        }

        next = current;
        return DomainResult.Refuse("case-transition-illegal", $"A case that is {current} cannot {command}.");
    }
}
