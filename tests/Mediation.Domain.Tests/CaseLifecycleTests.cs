using Mediation.Domain.Cases;

namespace Mediation.Domain.Tests;

public class CaseLifecycleTests
{
    private static readonly CaseCommand[] Commands = Enum.GetValues<CaseCommand>();
    private static readonly CaseStatus[] Statuses = Enum.GetValues<CaseStatus>();

    [Fact]
    public void The_ordinary_path_runs_from_application_to_archive()
    {
        var status = CaseStatus.Applied;
        foreach (var command in new[] { CaseCommand.Accept, CaseCommand.AssignMediator, CaseCommand.StartMediation, CaseCommand.RecordAgreement,
                     CaseCommand.BeginSupervision, CaseCommand.ConfirmPerformed, CaseCommand.Archive })
        {
            Assert.True(CaseLifecycle.Apply(status, command, out status).IsOk, $"{command} from {status}");
        }

        Assert.Equal(CaseStatus.Archived, status);
    }

    [Theory]
    [InlineData(CaseStatus.Applied, CaseCommand.RecordAgreement)]
    [InlineData(CaseStatus.Applied, CaseCommand.StartMediation)]
    [InlineData(CaseStatus.Declined, CaseCommand.Accept)]
    [InlineData(CaseStatus.Archived, CaseCommand.Refer)]
    [InlineData(CaseStatus.Withdrawn, CaseCommand.StartMediation)]
    [InlineData(CaseStatus.AgreementReached, CaseCommand.Fail)]
    public void Illegal_commands_are_refused_and_change_nothing(CaseStatus from, CaseCommand command)
    {
        var result = CaseLifecycle.Apply(from, command, out var next);
        Assert.Equal("case-transition-illegal", result.ErrorCode);
        Assert.Equal(from, next);
    }

    /// <summary>Random command sequences: every step either follows the table or is refused in place, nothing but
    /// Archive leaves a closed status, and Archived is final.</summary>
    [Fact]
    public void Random_command_sequences_never_reach_an_illegal_state()
    {
        var random = new Random(2026);
        var reached = new HashSet<CaseStatus>();
        for (var run = 0; run < 5_000; run++)
        {
            var status = CaseStatus.Applied;
            for (var step = 0; step < 30; step++)
            {
                var command = Commands[random.Next(Commands.Length)];
                var before = status;
                var result = CaseLifecycle.Apply(status, command, out status);
                Assert.Equal(result.IsOk, CaseLifecycle.AllowedCommands(before).Contains(command));
                if (!result.IsOk)
                {
                    Assert.Equal(before, status);
                }

                if (CaseLifecycle.IsClosed(before) && result.IsOk)
                {
                    Assert.Equal(CaseCommand.Archive, command);
                }

                Assert.False(before == CaseStatus.Archived && result.IsOk);
                reached.Add(status);
            }
        }

        // Every status can actually be reached from an application.
        Assert.Equal(Statuses.ToHashSet(), reached);
    }

    [Fact]
    public void Every_status_but_archived_can_still_end_in_the_archive()
    {
        foreach (var start in Statuses.Where(s => s != CaseStatus.Archived))
        {
            var seen = new HashSet<CaseStatus> { start };
            var frontier = new Queue<CaseStatus>([start]);
            while (frontier.TryDequeue(out var status))
            {
                foreach (var command in CaseLifecycle.AllowedCommands(status))
                {
                    CaseLifecycle.Apply(status, command, out var next);
                    if (seen.Add(next))
                    {
                        frontier.Enqueue(next);
                    }
                }
            }

            Assert.Contains(CaseStatus.Archived, seen);
        }
    }
}
