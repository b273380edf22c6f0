using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;

namespace Mediation.Server.Tests;

public sealed class EvidenceApiTests : IDisposable
{
    private readonly ServerFactory _server = new(settings: new Dictionary<string, string?> { ["Evidence:MaxBytes"] = "4096" });

    public void Dispose() => _server.Dispose();

    private static readonly byte[] Pdf = Encoding.ASCII.GetBytes("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");

    private static MultipartFormDataContent Form(byte[] bytes, string name, string type = "application/pdf")
    {
        var content = new ByteArrayContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue(type);
        return new MultipartFormDataContent { { content, "file", name } };
    }

    [Fact]
    public async Task Evidence_is_filed_with_its_hash_listed_and_read_back_unchanged()
    {
        var @case = await _server.DemoCaseAsync();
        var mediator = await _server.SignedInAsync("mediator@demo.local");
        var filed = await (await mediator.PostAsync($"/api/cases/{@case.Id}/evidence", Form(Pdf, "劳动合同.pdf"))).JsonAsync();
        Assert.Equal("application/pdf", filed.GetProperty("contentType").GetString());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Pdf)), filed.GetProperty("sha256").GetString());
        Assert.Equal("劳动合同.pdf", filed.GetProperty("fileName").GetString());

        var list = await (await mediator.GetAsync($"/api/cases/{@case.Id}/evidence")).JsonAsync();
        Assert.Single(list.EnumerateArray());
        var download = await mediator.GetAsync($"/api/cases/{@case.Id}/evidence/{filed.GetProperty("id").GetGuid()}/content");
        Assert.Equal(Pdf, await download.Content.ReadAsByteArrayAsync());
        Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);

        var timeline = await (await mediator.GetAsync($"/api/cases/{@case.Id}/timeline")).JsonAsync();
        Assert.Contains(timeline.GetProperty("entries").EnumerateArray(), e => e.GetProperty("action").GetString() == "evidence-added");
    }

    [Fact]
    public async Task A_party_files_only_so_many_and_nobody_files_on_a_closed_case()
    {
        using var server = new ServerFactory(settings: new Dictionary<string, string?> { ["Evidence:MaxFilesPerParty"] = "2", ["Evidence:MaxFilesPerCase"] = "3" });
        var @case = await server.DemoCaseAsync();
        var party = await server.PartyClientAsync(@case, Domain.Cases.PartySide.Applicant);
        var mediator = await server.SignedInAsync("mediator@demo.local");
        for (var i = 0; i < 2; i++)
        {
            await (await party.PostAsync($"/api/cases/{@case.Id}/evidence", Form(Pdf, $"工资条{i}.pdf"))).JsonAsync();
        }

        await (await party.PostAsync($"/api/cases/{@case.Id}/evidence", Form(Pdf, "工资条2.pdf"))).AssertProblemAsync(409, "evidence-quota");
        await (await mediator.PostAsync($"/api/cases/{@case.Id}/evidence", Form(Pdf, "笔录附件.pdf"))).JsonAsync(); // staff may file the third
        await (await mediator.PostAsync($"/api/cases/{@case.Id}/evidence", Form(Pdf, "第四份.pdf"))).AssertProblemAsync(409, "evidence-quota");
        Assert.Equal(3, (await (await mediator.GetAsync($"/api/cases/{@case.Id}/evidence")).JsonAsync()).GetArrayLength());

        // Withdrawn: the case is closed, and takes nothing more (the applicant withdraws it).
        var detail = await (await party.GetAsync($"/api/cases/{@case.Id}")).JsonAsync();
        (await party.PostAsJsonAsync($"/api/cases/{@case.Id}/commands", new { command = "Withdraw", version = detail.GetProperty("case").GetProperty("version").GetGuid() }))
            .EnsureSuccessStatusCode();
        await (await mediator.PostAsync($"/api/cases/{@case.Id}/evidence", Form(Pdf, "迟到的.pdf"))).AssertProblemAsync(409, "case-closed");
    }

    [Fact]
    public async Task Files_that_are_not_pdf_or_images_or_too_large_are_refused_and_leave_nothing()
    {
        var @case = await _server.DemoCaseAsync();
        var mediator = await _server.SignedInAsync("mediator@demo.local");
        await (await mediator.PostAsync($"/api/cases/{@case.Id}/evidence", Form("MZ\u0090\0"u8.ToArray(), "tool.pdf"))).AssertProblemAsync(400, "evidence-type");
        var big = new byte[5000];
        Pdf.CopyTo(big, 0);
        await (await mediator.PostAsync($"/api/cases/{@case.Id}/evidence", Form(big, "big.pdf"))).AssertProblemAsync(400, "evidence-size");
        var folder = Path.Combine(_server.DataDirectory, "documents", "evidence", @case.Id.ToString("N"));
        Assert.True(!Directory.Exists(folder) || Directory.GetFiles(folder).Length == 0);
    }

    [Fact]
    public async Task A_file_altered_on_disk_is_refused_on_reading()
    {
        var @case = await _server.DemoCaseAsync();
        var mediator = await _server.SignedInAsync("mediator@demo.local");
        var png = new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, 1, 2, 3, 4 };
        var filed = await (await mediator.PostAsync($"/api/cases/{@case.Id}/evidence", Form(png, "工资条.png", "image/png"))).JsonAsync();
        var file = Directory.GetFiles(Path.Combine(_server.DataDirectory, "documents", "evidence", @case.Id.ToString("N"))).Single();
        await File.WriteAllBytesAsync(file, [.. png, 0xFF]);
        await (await mediator.GetAsync($"/api/cases/{@case.Id}/evidence/{filed.GetProperty("id").GetGuid()}/content")).AssertProblemAsync(500, "evidence-altered");
    }

    [Fact]
    public async Task Staff_off_the_case_cannot_file_or_read_evidence()
    {
        var @case = await _server.DemoCaseAsync();
        var clerk = await _server.SignedInAsync("clerk@demo.local");
        await (await clerk.PostAsync($"/api/cases/{@case.Id}/evidence", Form(Pdf, "x.pdf"))).AssertProblemAsync(403, "case-forbidden");
        await (await clerk.GetAsync($"/api/cases/{@case.Id}/evidence")).AssertProblemAsync(403, "case-forbidden");
        await (await _server.NewClient().GetAsync($"/api/cases/{@case.Id}/evidence")).AssertProblemAsync(401, "not-signed-in");
    }
}
