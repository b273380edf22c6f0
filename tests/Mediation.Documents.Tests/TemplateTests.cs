using Mediation.Documents.Layout;
using Mediation.Documents.Templates;
using Mediation.Domain.Agreements;
using Mediation.Domain.Cases;
using Mediation.Testing;

namespace Mediation.Documents.Tests;

/// <summary>Each template rendered from a case, read back with pdftotext.</summary>
public sealed class TemplateTests : IDisposable
{
    private static readonly DateTime Now = new(2026, 12, 2, 2, 0, 0, DateTimeKind.Utc);
    private static readonly Uri Verify = new("https://mediation.example.cn/verify/abc");
    private const string Organization = "张店区劳动人事争议调解中心";
    private readonly TemporaryDirectory _directory = new();

    private static readonly Clause Wages = new(ClaimCategory.LaborRemuneration, "被申请人支付申请人2026年8月至10月工资。", 18600m, PartySide.Respondent,
        new DateOnly(2026, 12, 31), "银行转账");

    private static readonly Clause Relation = new(ClaimCategory.ConfirmLaborRelation, "双方确认2025年3月1日至2026年10月31日存在劳动关系。", null, null, null, null);

    public void Dispose() => _directory.Dispose();

    private static Case Case()
    {
        var @case = CaseIntakeRules.Register(new CaseIntake(IntakeChannel.Staff, "拖欠工资争议", "2026年8月起未发工资。", new DateTime(2026, 11, 20, 1, 0, 0, DateTimeKind.Utc),
            [new PartyIntake(PartyKind.NaturalPerson, "李明", "370303199001011239", "13800000001", Address: "淄博市张店区人民西路1号", Ethnicity: "汉族")],
            [new PartyIntake(PartyKind.Organization, "淄博恒信机械制造有限公司", "91370303MA3C4XXX1X", "13900000002", Address: "淄博市高新区柳泉路1号", LegalRepresentative: "赵刚")],
            [new DisputeClaim(ClaimCategory.LaborRemuneration, "支付拖欠工资", 18600m, PartySide.Respondent)]), Guid.NewGuid(), "劳调〔2026〕第0001号", "staff");
        @case.Accept("admin", Now);
        @case.AssignMediator("admin", Now, "mediator-1");
        return @case;
    }

    private static IReadOnlyList<SignatureSlot> Slots(Case @case, AgreementKind kind = AgreementKind.Mediation) =>
        AgreementSigners.For(@case, kind, kind == AgreementKind.Mediation ? ("mediator-1", "王调解员") : null, (Guid.NewGuid(), Organization), new Dictionary<Guid, Guid>()).Slots;

    /// <summary>The document's text without line breaks or the spaces pdftotext puts between Chinese characters.</summary>
    private string Text(DocumentSpec spec)
    {
        var path = Path.Combine(_directory.Path, Guid.NewGuid().ToString("N") + ".pdf");
        File.WriteAllBytes(path, PdfRenderer.Render(spec, Now));
        var (exit, output) = ExternalTool.Run("pdftotext", "-enc", "UTF-8", path, "-");
        Assert.True(exit == 0, output);
        return output.Replace("\n", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal).Replace("\f", "", StringComparison.Ordinal);
    }

    [Fact]
    public void The_mediation_agreement_names_the_parties_words_each_clause_and_never_claims_enforceability()
    {
        var @case = Case();
        var spec = AgreementTemplate.Spec(new AgreementContext(@case, AgreementKind.Mediation, "申请人于2025年3月入职，被申请人自2026年8月起未发工资。", [Wages, Relation],
            Slots(@case), Organization, Verify), AgreementWording.Platform);
        var text = Text(spec);

        Assert.Contains("劳动人事争议调解协议书", text, StringComparison.Ordinal);
        Assert.Contains("申请人：李明，男，1990年1月1日出生，汉族，居民身份证号码370303199001011239，住淄博市张店区人民西路1号。", text, StringComparison.Ordinal);
        Assert.Contains("法定代表人（主要负责人）赵刚", text, StringComparison.Ordinal);
        Assert.Contains("申请人于2026年11月20日向张店区劳动人事争议调解中心申请调解", text, StringComparison.Ordinal);
        Assert.Contains("〔劳动报酬·人民币18,600.00元·被申请人于2026年12月31日前以银行转账方式履行〕", text, StringComparison.Ordinal);
        Assert.Contains("支付令", text, StringComparison.Ordinal);
        Assert.DoesNotContain("强制执行", text, StringComparison.Ordinal);
        Assert.Contains("调解员（签名）：", text, StringComparison.Ordinal);
        Assert.Contains($"{Organization}（印章）：", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_settlement_has_no_mediator_no_seal_and_no_organization_presiding()
    {
        var @case = Case();
        var spec = AgreementTemplate.Spec(new AgreementContext(@case, AgreementKind.Settlement, "双方协商。", [Wages], Slots(@case, AgreementKind.Settlement), Organization, Verify),
            AgreementWording.Platform);
        var text = Text(spec);

        Assert.Contains("劳动争议和解协议", text, StringComparison.Ordinal);
        Assert.DoesNotContain("调解员（签名）", text, StringComparison.Ordinal);
        Assert.DoesNotContain("主持调解", text, StringComparison.Ordinal);
        Assert.Equal(2, spec.Slots.Count);
    }

    [Fact]
    public void An_organizations_wording_that_says_the_agreement_is_enforceable_is_refused()
    {
        var claims = AgreementWording.Platform with { Version = 2, Remedies = "一方不履行的，另一方可以申请人民法院强制执行。" };

        Assert.Equal("template-claims-enforceability", claims.Validate().ErrorCode);
        Assert.True(AgreementWording.Platform.Validate().IsOk);
    }

    [Fact]
    public void The_performance_notice_gives_concrete_dates_and_each_clauses_remedy()
    {
        var @case = Case();
        var spec = PerformanceNoticeTemplate.Spec(new PerformanceNoticeContext(@case, [Wages, Relation], new DateOnly(2026, 12, 2), new DateOnly(2026, 12, 17),
            new DateOnly(2027, 1, 4), PartySide.Respondent, Organization, Verify));
        var text = Text(spec);

        Assert.Contains("履行告知书", text, StringComparison.Ordinal);
        Assert.Contains("2027年1月4日前共同向有管辖权的人民法院申请司法确认", text, StringComparison.Ordinal);
        // The wage clause may go to 支付令; the labour-relation clause may not, and it keeps the agreement from 仲裁审查.
        Assert.Contains("以银行转账方式履行〕用人单位在约定期限内不履行的，劳动者可以持调解协议书依法向人民法院申请支付令", text, StringComparison.Ordinal);
        Assert.Contains("存在劳动关系。〔确认劳动关系〕一方在约定期限内不履行的", text, StringComparison.Ordinal);
        Assert.Contains("不适用仲裁审查", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_record_sets_the_undisputed_facts_apart_and_is_signed_by_the_parties_and_the_mediator()
    {
        var @case = Case();
        var applicant = @case.Parties.First(p => p.Side == PartySide.Applicant);
        Assert.True(@case.AddRecordEntry(RecordEntryKind.Notice, null, "调解员告知调解的性质、原则和效力，以及虚假调解的法律后果。", "mediator-1", Now).IsOk);
        Assert.True(@case.AddRecordEntry(RecordEntryKind.Statement, applicant.Id, "我2026年8月以后就没拿到工资。", "mediator-1", Now.AddMinutes(3)).IsOk);
        Assert.True(@case.AddRecordEntry(RecordEntryKind.UndisputedFact, null, "申请人月工资6,200元。", "mediator-1", Now.AddMinutes(9)).IsOk);
        var slots = Slots(@case).Where(s => s.Signer.Kind != SignerKind.Organization).ToList();

        var text = Text(MediationRecordTemplate.Spec(new MediationRecordContext(@case, @case.RecordEntries, Now, Now.AddMinutes(40), "王调解员", slots, Organization, Verify)));

        Assert.Contains("调解笔录", text, StringComparison.Ordinal);
        Assert.Contains("调解时间：2026年12月2日10:00至10:40", text, StringComparison.Ordinal);
        Assert.Contains("10:03李明：我2026年8月以后就没拿到工资。", text, StringComparison.Ordinal);
        Assert.Contains("无争议事实经双方当事人确认，以下事实无争议：1.申请人月工资6,200元。", text, StringComparison.Ordinal);
        Assert.Contains("调解员（签名）：", text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_confirmation_application_and_the_service_address_confirmation_read_back()
    {
        var @case = Case();
        var slots = Slots(@case);
        var application = Text(CourtDocumentTemplates.ConfirmationApplication(new ConfirmationApplicationContext(@case, [Wages], new DateOnly(2026, 12, 2),
            "淄博市张店区人民法院", slots, Organization, Verify)));
        var respondent = @case.Parties.First(p => p.Side == PartySide.Respondent);
        var address = Text(CourtDocumentTemplates.ServiceAddress(new ServiceAddressContext(@case, respondent, "淄博市高新区柳泉路1号", true, slots[1], Verify)));

        Assert.Contains("司法确认申请书", application, StringComparison.Ordinal);
        Assert.Contains("请求确认申请人于2026年12月2日经张店区劳动人事争议调解中心主持调解达成的调解协议（案号劳调〔2026〕第0001号）有效。", application, StringComparison.Ordinal);
        Assert.Contains("此致淄博市张店区人民法院", application, StringComparison.Ordinal);
        Assert.Contains("送达地址确认书", address, StringComparison.Ordinal);
        Assert.Contains("送达地址：淄博市高新区柳泉路1号", address, StringComparison.Ordinal);
        Assert.Contains("139****0002", address, StringComparison.Ordinal);
    }
}
