using System.Globalization;
using Mediation.Domain.Agreements;
using Mediation.Domain.Cases;

namespace Mediation.Documents.Templates;

/// <summary>
/// How the documents word the case's facts: a party's particulars (domain.md §4.1 items 2–4), a claim's category,
/// amounts and dates. Every template words them through here, so a party reads the same thing in each document.
/// </summary>
public static class DocumentWords
{
    private static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-CN");

    public static string Side(PartySide side) => side == PartySide.Applicant ? "申请人" : "被申请人";

    public static string Date(DateOnly date) => date.ToString("yyyy年M月d日", Chinese);

    public static string Yuan(decimal amount) => "人民币" + amount.ToString("#,##0.00", Chinese) + "元";

    public static string Category(ClaimCategory category) => category switch
    {
        ClaimCategory.LaborRemuneration => "劳动报酬",
        ClaimCategory.WorkInjuryMedicalExpenses => "工伤医疗费",
        ClaimCategory.EconomicCompensation => "经济补偿",
        ClaimCategory.Damages => "赔偿金",
        ClaimCategory.SocialInsurance => "社会保险",
        ClaimCategory.ConfirmLaborRelation => "确认劳动关系",
        _ => "其他",
    };

    /// <summary>A party as the agreement introduces it: a person by sex, birth, ethnicity, ID, address and job; an
    /// organization by its credit code, seat and legal representative.</summary>
    public static string Particulars(CaseParty party)
    {
        var parts = new List<string> { party.Name };
        if (party.Kind == PartyKind.NaturalPerson)
        {
            if (party.Gender is { } gender)
            {
                parts.Add(gender == Gender.Male ? "男" : "女");
            }

            if (party.BirthDate is { } born)
            {
                parts.Add(Date(born) + "出生");
            }

            Add(parts, party.Ethnicity, "");
            Add(parts, party.IdNumber, "居民身份证号码");
            Add(parts, party.Address, "住");
            Add(parts, party.Workplace, "工作单位及岗位：");
        }
        else
        {
            Add(parts, party.IdNumber, "统一社会信用代码");
            Add(parts, party.Address, "住所地");
            Add(parts, party.LegalRepresentative, "法定代表人（主要负责人）");
        }

        return string.Join("，", parts) + "。";
    }

    public static string Agent(CaseAgent agent) =>
        $"{agent.Name}，{AgentKind(agent.Kind)}，{(agent.Authority == AgentAuthority.Special ? "特别授权" : "一般授权")}。";

    private static string AgentKind(AgentKind kind) => kind switch
    {
        Domain.Cases.AgentKind.Lawyer => "律师",
        Domain.Cases.AgentKind.LegalServiceWorker => "基层法律服务工作者",
        Domain.Cases.AgentKind.CloseRelative => "近亲属",
        Domain.Cases.AgentKind.TradeUnion => "工会推荐的人员",
        Domain.Cases.AgentKind.EmployerStaff => "用人单位的工作人员",
        _ => "其他公民",
    };

    /// <summary>A clause's facts in one bracket after its text: category, amount, obligor, deadline and method — the
    /// same in every document, and what 支付令 and 仲裁审查 are judged by.</summary>
    public static string ClauseFacts(Clause clause)
    {
        var facts = new List<string> { Category(clause.Category) };
        if (clause.Amount is { } amount)
        {
            facts.Add(Yuan(amount));
        }

        var performance = (clause.Obligor is { } obligor ? Side(obligor) : "")
            + (clause.PerformBy is { } by ? $"于{Date(by)}前" : "")
            + (clause.Method is { Length: > 0 } method ? $"以{method}方式" : "")
            + (clause.Obligor is not null || clause.PerformBy is not null ? "履行" : "");
        if (performance.Length > 0)
        {
            facts.Add(performance);
        }

        return "〔" + string.Join(" · ", facts) + "〕";
    }

    /// <summary>The mark on every page of a draft read before it is frozen: nobody signs that copy.</summary>
    public const string DraftMark = "草稿 · 未定稿，仅供阅读";

    /// <summary>What a signature slot is captioned with.</summary>
    public static string Caption(SignatureSlot slot, string organizationName) => slot.Signer.Kind switch
    {
        SignerKind.Agent => $"{Side(slot.Side!.Value)}{slot.ForPartyName}的委托代理人（签名）：",
        SignerKind.Party => $"{Side(slot.Side!.Value)}（签名或盖章）：",
        SignerKind.Mediator => "调解员（签名）：",
        _ => $"{organizationName}（印章）：",
    };

    private static void Add(List<string> parts, string? value, string label)
    {
        if (value is { Length: > 0 })
        {
            parts.Add(label + value);
        }
    }
}
