using Mediation.Documents.Fonts;
using Mediation.Documents.Layout;
using Mediation.Testing;

namespace Mediation.Documents.Tests;

public sealed class RenderingTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private string Text(byte[] pdf, int? page = null)
    {
        var path = Path.Combine(_directory.Path, Guid.NewGuid().ToString("N") + ".pdf");
        File.WriteAllBytes(path, pdf);
        string[] range = page is { } p ? ["-f", p.ToString(System.Globalization.CultureInfo.InvariantCulture), "-l", p.ToString(System.Globalization.CultureInfo.InvariantCulture)] : [];
        var (exit, output) = ExternalTool.Run("pdftotext", [.. range, "-enc", "UTF-8", path, "-"]);
        Assert.True(exit == 0, output);
        return output;
    }

    [Fact]
    public void The_chinese_text_reads_back_with_pdftotext()
    {
        var text = Text(PdfRenderer.Render(SampleDocuments.Agreement(), SampleDocuments.Now));

        Assert.Contains("劳动争议调解协议书", text, StringComparison.Ordinal);
        Assert.Contains("淄博示范机械有限公司", text, StringComparison.Ordinal);
        Assert.Contains("被申请人于2027年1月15日前支付申请人解除劳动合同经济补偿人民币8,000元。", text.Replace("\n", "", StringComparison.Ordinal), StringComparison.Ordinal);
        Assert.Contains("调解组织（盖章）：", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_page_carries_the_case_number_and_its_page_number()
    {
        var pdf = PdfRenderer.Render(SampleDocuments.Agreement(), SampleDocuments.Now);
        var pages = Text(pdf).Split('\f', StringSplitOptions.RemoveEmptyEntries).Count(p => p.Trim().Length > 0);

        Assert.True(pages >= 2, $"the sample is meant to run over two pages, it has {pages}");
        for (var page = 1; page <= pages; page++)
        {
            // pdftotext leaves out the spaces between Chinese characters.
            var text = Text(pdf, page).Replace(" ", "", StringComparison.Ordinal);
            Assert.Contains("淄张劳调〔2026〕第0042号", text, StringComparison.Ordinal);
            Assert.Contains($"第{page}页共{pages}页", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_draft_read_before_freezing_is_marked_on_every_page_and_a_document_for_signing_is_not()
    {
        var spec = SampleDocuments.Agreement();
        var draft = PdfRenderer.Render(spec with { Watermark = Templates.DocumentWords.DraftMark }, SampleDocuments.Now);
        var pages = Text(draft).Split('\f', StringSplitOptions.RemoveEmptyEntries).Count(p => p.Trim().Length > 0);
        for (var page = 1; page <= pages; page++)
        {
            Assert.Contains("草稿", Text(draft, page), StringComparison.Ordinal);
        }

        Assert.DoesNotContain("草稿", Text(PdfRenderer.Render(spec, SampleDocuments.Now)), StringComparison.Ordinal);
    }

    [Fact]
    public void The_fonts_are_embedded_as_subsets_and_a_two_page_agreement_stays_small()
    {
        var pdf = PdfRenderer.Render(SampleDocuments.Agreement(), SampleDocuments.Now);
        var path = Path.Combine(_directory.Path, "fonts.pdf");
        File.WriteAllBytes(path, pdf);
        var (_, fonts) = ExternalTool.Run("pdffonts", path);

        Assert.Contains("Identity-H", fonts, StringComparison.Ordinal);
        Assert.DoesNotContain(" no  ", fonts.Split('\n').Skip(2).FirstOrDefault() ?? "", StringComparison.Ordinal);
        Assert.True(pdf.Length < 300 * 1024, $"{pdf.Length} bytes");
    }

    [Fact]
    public void Closing_punctuation_never_starts_a_line_and_latin_words_stay_whole()
    {
        // One unit a character, five to a line.
        static double Measure(string s) => s.Length;
        var lines = LineBreaker.Break("甲乙丙丁戊，己庚辛壬癸。Hello world子丑", 5, 5, Measure);

        Assert.All(lines, l => Assert.True(l.Length <= 5 || !l.Contains(' ', StringComparison.Ordinal), l));
        Assert.DoesNotContain(lines, l => l.StartsWith('，') || l.StartsWith('。'));
        Assert.Contains("Hello", lines);
        Assert.Equal("甲乙丙丁戊，己庚辛壬癸。Helloworld子丑", string.Concat(lines));
    }

    [Fact]
    public void A_face_cut_from_a_font_collection_is_a_font_file_of_its_own()
    {
        const string collection = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc";
        var bytes = File.ReadAllBytes(collection);

        var face = TrueTypeCollection.ExtractFace(bytes, 0)!;

        Assert.True(TrueTypeCollection.IsCollection(bytes));
        Assert.False(TrueTypeCollection.IsCollection(face));
        Assert.Equal(0x00010000u, System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(face)); // TrueType outlines
        var tables = System.Buffers.Binary.BinaryPrimitives.ReadUInt16BigEndian(face.AsSpan(4));
        var tags = new List<string>();
        for (var i = 0; i < tables; i++)
        {
            var record = face.AsSpan(12 + (16 * i), 16);
            var offset = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(record[8..]);
            var length = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(record[12..]);
            Assert.True(offset + length <= face.Length);
            tags.Add(System.Text.Encoding.ASCII.GetString(record[..4]));
        }

        Assert.Contains("glyf", tags);
        Assert.Contains("cmap", tags);
        Assert.Null(TrueTypeCollection.ExtractFace(bytes, 99));
        Assert.Null(TrueTypeCollection.ExtractFace(face, 0));
    }
}
