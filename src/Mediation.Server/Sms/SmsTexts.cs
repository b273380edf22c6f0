using Mediation.Domain.Invites;
using Microsoft.Extensions.Options;

namespace Mediation.Server.Sms;

/// <summary>
/// The wording of every text message the server sends, in one place: each begins with the 【signature】 the gateway
/// requires, says who sends it and why, and ends with what the person should do next.
/// </summary>
public sealed class SmsTexts(IOptions<SmsOptions> options)
{
    private string Signature => $"【{options.Value.Signature}】";

    private static int CodeMinutes => (int)OneTimeCode.Lifetime.TotalMinutes;

    public SmsMessage InviteCode(string phone, Guid organizationId, Guid caseId, string caseNumber, string digits) =>
        new(phone, $"{Signature}您正在进入调解案件{caseNumber}，验证码{digits}，{CodeMinutes}分钟内有效。请勿告诉他人。", SmsPurpose.InviteCode, organizationId, caseId);

    public SmsMessage ApplicationCode(string phone, Guid organizationId, string organizationName, string digits) =>
        new(phone, $"{Signature}您正在向{organizationName}申请劳动争议调解，验证码{digits}，{CodeMinutes}分钟内有效。请勿告诉他人。", SmsPurpose.ApplicationCode,
            organizationId, null);

    public SmsMessage ApplicationReceipt(string phone, Guid organizationId, string organizationName, Guid caseId, string caseNumber, string trackingNumber) =>
        new(phone, $"{Signature}{organizationName}已收到您的调解申请，案号{caseNumber}，查询码{trackingNumber}。请保存本短信，凭查询码和本手机号查看进度。",
            SmsPurpose.ApplicationReceipt, organizationId, caseId);

    public SmsMessage SessionInvitation(string phone, Guid organizationId, Guid caseId, string partyName, string organizationName, string when,
        string caseNumber, string link) =>
        new(phone, $"{Signature}{partyName}您好：{organizationName}定于{when}在线调解案件{caseNumber}，请届时用手机或电脑打开链接参加（需验证本手机号）：{link}",
            SmsPurpose.SessionInvitation, organizationId, caseId);

    public SmsMessage SigningCode(string phone, Guid organizationId, Guid caseId, string caseNumber, string signerName, string documentName, string digits) =>
        new(phone, $"{Signature}{signerName}正在签署调解案件{caseNumber}的{documentName}，验证码{digits}，{CodeMinutes}分钟内有效。验证码即本人签名确认，请勿告诉他人。",
            SmsPurpose.SigningCode, organizationId, caseId);

    public SmsMessage RecordToConfirm(string phone, Guid organizationId, Guid caseId, string caseNumber, string organizationName) =>
        new(phone, $"{Signature}调解案件{caseNumber}的在线调解已结束，调解笔录已生成。请通过调解员发给您的链接进入，阅读笔录并签名确认；如有出入请告知调解员。如有疑问请联系{organizationName}。",
            SmsPurpose.RecordToConfirm, organizationId, caseId);

    public SmsMessage AgreementInEffect(string phone, Guid organizationId, Guid caseId, string caseNumber, string effectiveOn, string organizationName) =>
        new(phone, $"{Signature}调解案件{caseNumber}的调解协议已于{effectiveOn}经各方签署生效，请按约定履行。协议文本及履行告知可在原链接查看；如有疑问请联系{organizationName}。",
            SmsPurpose.AgreementInEffect, organizationId, caseId);
}
