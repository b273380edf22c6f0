using Mediation.Domain.Privacy;

namespace Mediation.Domain.Tests;

public class PersonalDataMaskTests
{
    [Theory]
    [InlineData("身份证号370303199001011234，请核对", "身份证号370***********1234，请核对")]
    [InlineData("ID 11010119900307123X end", "ID 110***********123X end")]
    [InlineData("old 370303900101123 id", "old 370********1123 id")]
    [InlineData("call 13800000001 now", "call 138****0001 now")]
    [InlineData("电话+86 13912345678", "电话+86 139****5678")]
    [InlineData("tel 8613912345678", "tel 86139****5678")]
    [InlineData("tel 139-1234-5678.", "tel 139****5678.")]
    [InlineData("phones 13800000001,13900000002", "phones 138****0001,139****0002")]
    public void Identity_and_phone_numbers_are_masked_wherever_they_appear(string input, string expected) =>
        Assert.Equal(expected, PersonalDataMask.Mask(input));

    [Theory]
    [InlineData("amount 12000.50 yuan on 2026-12-01")]
    [InlineData("case 劳调〔2026〕第0001号")]
    [InlineData("trace 0HNQFBUK4N0BH:00000001")]
    [InlineData("12345678901")] // eleven digits, but not a mobile prefix
    [InlineData("")]
    public void Other_numbers_are_left_alone(string input) =>
        Assert.Same(input, PersonalDataMask.Mask(input));

    [Fact]
    public void Masking_never_reveals_the_birth_date_of_an_id_number() =>
        Assert.DoesNotContain("19900101", PersonalDataMask.MaskIdNumber("370303199001011234"), StringComparison.Ordinal);

    [Theory]
    [InlineData("李明", "李*")]
    [InlineData("欧阳娜娜", "欧***")]
    [InlineData("王", "王")]
    public void Person_names_keep_only_the_family_name(string name, string expected) =>
        Assert.Equal(expected, PersonalDataMask.MaskPersonName(name));
}
