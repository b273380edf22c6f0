using Mediation.Documents.Layout;
using Mediation.Documents.Signing;

namespace Mediation.Testing;

/// <summary>A document with Chinese text long enough for two pages, four slots, and the people who sign them: for
/// the documents' tests and their benchmark.</summary>
public static class SampleDocuments
{
    public static readonly DateTimeOffset Now = new(2026, 12, 2, 10, 30, 0, TimeSpan.FromHours(8));

    public static DocumentSpec Agreement() => new(
        "劳动争议调解协议书",
        "淄张劳调〔2026〕第 0042 号",
        new Uri("https://mediation.example.cn/verify/3f2c9a"),
        [
            new Heading("当事人"),
            new LabelledLine("申请人：", "张三，男，1988年5月出生，汉族，居民身份证号码 3703**********1234，住山东省淄博市张店区华光路 88 号。"),
            new LabelledLine("被申请人：", "淄博示范机械有限公司，住所地山东省淄博市高新区柳泉路 1 号，法定代表人李四，职务总经理。"),
            new Heading("争议事项"),
            .. Enumerable.Range(1, 14).Select(i => new Paragraph($"第{i}段：申请人于2025年3月入职被申请人处，从事装配工作，双方因拖欠工资及解除劳动合同经济补偿发生争议。申请人请求被申请人支付拖欠的工资（Wages）12,000 元及经济补偿金。")),
            new Heading("协议内容"),
            new NumberedItem("一、", "被申请人于2026年12月31日前一次性支付申请人2026年9月至11月工资共计人民币12,000元，以银行转账方式支付至申请人名下账户。"),
            new NumberedItem("二、", "被申请人于2027年1月15日前支付申请人解除劳动合同经济补偿人民币8,000元。"),
        ],
        [
            new SlotSpec("applicant", "申请人（签名）：", "张三", SlotKind.Signature),
            new SlotSpec("respondent", "被申请人（签名）：", "李四", SlotKind.Signature),
            new SlotSpec("mediator", "调解员（签名）：", "王五", SlotKind.Signature),
            new SlotSpec("seal", "调解组织（盖章）：", "淄博市张店区劳动人事争议调解委员会", SlotKind.Seal),
        ])
    {
        Subtitle = "淄张劳调〔2026〕第 0042 号",
    };

    /// <summary>A signature of two strokes, as a pad would report it.</summary>
    public static SignatureDrawing Drawing() => new([
        [new(0.1, 0.6), new(0.2, 0.3), new(0.3, 0.7), new(0.45, 0.35)],
        [new(0.5, 0.5), new(0.7, 0.45), new(0.9, 0.55)],
    ]);

    public static SignerIdentity Signer(string name, string role) => new(name, role, "3703**********1234", "淄张劳调〔2026〕第 0042 号", "淄博市张店区劳动人事争议调解委员会");
}
