using Mediation.Domain.Agreements;
using Mediation.Domain.Cases;
using Mediation.Domain.Sessions;

namespace Mediation.Domain.Tests;

/// <summary>A session's 调解笔录 as a document to confirm: made only once the session has ended, signed by each party
/// admitted to it and by the mediator, each slot by its own signer once, on the latest bytes.</summary>
public class SessionRecordTests
{
    private static readonly DateTime T0 = new(2026, 12, 2, 1, 30, 0, DateTimeKind.Utc);

    private static Case Case()
    {
        var @case = CaseIntakeRules.Register(new CaseIntake(IntakeChannel.Staff, "拖欠工资争议", "2026年8月起未发工资。", T0.AddDays(-3),
            [new PartyIntake(PartyKind.NaturalPerson, "李明", null, "13800000001")],
            [new PartyIntake(PartyKind.Organization, "淄博恒信机械制造有限公司", null, "13900000002")],
            [new DisputeClaim(ClaimCategory.LaborRemuneration, "支付拖欠工资", 12000m, PartySide.Respondent)]), Guid.NewGuid(), "劳调〔2026〕第0001号", "staff");
        return @case;
    }

    /// <summary>A session of <paramref name="case"/> in which the parties of <paramref name="admitted"/> came in;
    /// the respondent waited in the lobby and was never admitted when it is not among them.</summary>
    private static MediationSession Session(Case @case, params PartySide[] admitted)
    {
        var host = SessionPerson.Staff("mediator-1");
        var session = MediationSession.OpenNow(@case.Id, host.ToString(), T0);
        session.Arrive(host, "王调解员", "Mediator", null, null, host: true, T0);
        foreach (var party in @case.Parties)
        {
            var attendee = session.Arrive(SessionPerson.Party(party.Id), party.Name, "Party", party.Id, party.Side, host: false, T0);
            if (admitted.Contains(party.Side))
            {
                Assert.True(attendee.Admit(true, host, T0.AddMinutes(1)).IsOk);
            }
        }

        return session;
    }

    [Fact]
    public void Only_an_ended_session_has_a_record_and_only_the_parties_admitted_sign_it_with_the_mediator()
    {
        var @case = Case();
        var session = Session(@case, PartySide.Applicant);
        var slots = SessionRecord.SignersOf(session, @case, ("mediator-1", "王调解员"));
        Assert.Equal(["applicant-1", "mediator"], slots.Select(s => s.Name));
        Assert.Equal("record-session-not-ended", SessionRecord.Make(session, "hash-0", slots, T0).Result.ErrorCode);

        Assert.True(session.End(T0.AddMinutes(40)).IsOk);
        var (record, result) = SessionRecord.Make(session, "hash-0", slots, T0.AddMinutes(40));
        Assert.True(result.IsOk);
        Assert.False(record!.IsConfirmed);
        Assert.Equal("record-slots", SessionRecord.Make(session, "hash-0", [], T0).Result.ErrorCode);
    }

    [Fact]
    public void Each_slot_is_signed_by_its_own_signer_once_on_the_latest_bytes_and_the_last_confirms_the_record()
    {
        var @case = Case();
        var session = Session(@case, PartySide.Applicant, PartySide.Respondent);
        session.End(T0.AddMinutes(40));
        var slots = SessionRecord.SignersOf(session, @case, ("mediator-1", "王调解员"));
        var record = SessionRecord.Make(session, "hash-0", slots, T0).Record!;
        var applicant = slots.Single(s => s.Name == "applicant-1").Signer;
        var mediator = new Signer(SignerKind.Mediator, "mediator-1");

        Assert.Equal("signature-slot-not-yours", record.Sign("applicant-1", mediator, T0, "hash-0", "hash-1").Result.ErrorCode);
        Assert.Equal("signature-slot-not-found", record.Sign("seal", mediator, T0, "hash-0", "hash-1").Result.ErrorCode);
        Assert.Equal(SigningOutcome.Signed, record.Sign("applicant-1", applicant, T0, "hash-0", "hash-1").Outcome);
        Assert.Equal(SigningOutcome.AlreadySigned, record.Sign("applicant-1", applicant, T0, "hash-1", "hash-x").Outcome);
        Assert.Equal("hash-1", record.DocumentSha256);

        // A signature made on the bytes before the latest (two signers at once) is refused, nothing kept.
        var respondent = slots.Single(s => s.Name == "respondent-1").Signer;
        Assert.Equal("agreement-document-changed", record.Sign("respondent-1", respondent, T0, "hash-0", "hash-2").Result.ErrorCode);
        Assert.True(record.Sign("respondent-1", respondent, T0, "hash-1", "hash-2").Result.IsOk);
        Assert.False(record.IsConfirmed);
        Assert.True(record.Sign("mediator", mediator, T0, "hash-2", "hash-3").Result.IsOk);
        Assert.True(record.IsConfirmed);
        Assert.Equal(3, record.Signatures.Count);
    }
}
