using System.Globalization;
using Mediation.Documents.Fonts;
using PdfSharp;
using PdfSharp.Drawing;
using PdfSharp.Pdf;
using QRCoder;

namespace Mediation.Documents.Layout;

/// <summary>
/// Sets a <see cref="DocumentSpec"/> on A4 pages: the title, the flow of blocks, then the signature slots as empty
/// PDF signature fields (ISO 32000-1 §12.7.4.5) that the signer fills one revision at a time. Every page carries the
/// case number at its top and "第 n 页 共 m 页" at its foot; the first page a QR code to the verification page.
/// </summary>
public static class PdfRenderer
{
    private const double Margin = 64;
    private const double BodySize = 11.5;
    private const double LineHeight = BodySize * 1.75;
    private const double SlotHeight = 92;
    private const double QrSize = 58;

    public static byte[] Render(DocumentSpec spec, DateTimeOffset renderedAt)
    {
        DocumentFonts.Install();
        using var document = new PdfDocument();
        document.Info.Title = spec.Title;
        document.Info.Subject = spec.CaseNumber;
        document.Info.Creator = "Mediation.Online";
        document.Info.CreationDate = renderedAt.UtcDateTime;
        document.Options.CompressContentStreams = true;

        var writer = new PageWriter(document);
        writer.Title(spec.Title, spec.Subtitle);
        foreach (var block in spec.Blocks)
        {
            writer.Write(block);
        }

        writer.Slots(spec.Slots);
        writer.Finish(spec);
        using var output = new MemoryStream();
        document.Save(output, false);
        return output.ToArray();
    }

    /// <summary>The running state of the layout: the page being filled and how far down it is.</summary>
    private sealed class PageWriter(PdfDocument document)
    {
        private readonly XFont _body = new(DocumentFonts.Family, BodySize, XFontStyleEx.Regular, new XPdfFontOptions(PdfFontEncoding.Unicode));
        private readonly XFont _heading = new(DocumentFonts.Family, BodySize + 1, XFontStyleEx.Bold, new XPdfFontOptions(PdfFontEncoding.Unicode));
        private readonly XFont _title = new(DocumentFonts.Family, 20, XFontStyleEx.Bold, new XPdfFontOptions(PdfFontEncoding.Unicode));
        private readonly XFont _small = new(DocumentFonts.Family, 9, XFontStyleEx.Regular, new XPdfFontOptions(PdfFontEncoding.Unicode));
        private readonly List<(PdfPage Page, XGraphics Graphics)> _pages = [];
        private readonly PdfArray _fields = new(document);
        private double _y;

        private PdfPage Page => _pages[^1].Page;

        private XGraphics Graphics => _pages[^1].Graphics;

        private double Width => Page.Width.Point - (2 * Margin);

        private double Bottom => Page.Height.Point - Margin - 12;

        public void Title(string title, string? subtitle)
        {
            NewPage();
            _y += 12;
            Graphics.DrawString(title, _title, XBrushes.Black, new XRect(Margin, _y, Width, 30), XStringFormats.TopCenter);
            _y += 36;
            if (subtitle is { Length: > 0 })
            {
                Graphics.DrawString(subtitle, _body, XBrushes.Black, new XRect(Margin, _y, Width, LineHeight), XStringFormats.TopCenter);
                _y += LineHeight;
            }

            _y += 8;
        }

        public void Write(Block block)
        {
            switch (block)
            {
                case Heading h:
                    Ensure(LineHeight * 2);
                    _y += 6;
                    Lines(h.Text, _heading, 0, 0);
                    break;
                case Paragraph p:
                    Lines(p.Text, _body, p.Indent ? 2 * BodySize : 0, 0);
                    break;
                case LabelledLine l:
                    var label = Graphics.MeasureString(l.Label, _body).Width;
                    Lines(l.Label + l.Value, _body, 0, Math.Min(label, Width / 3));
                    break;
                case NumberedItem n:
                    var number = Graphics.MeasureString(n.Number, _body).Width;
                    Lines(n.Number + n.Text, _body, 0, number);
                    break;
                case Gap g:
                    _y += g.Points;
                    break;
                default:
                    throw new ArgumentException($"No layout for {block.GetType().Name}.", nameof(block));
            }
        }

        /// <summary>The signature slots two to a row, each a caption over an empty signature field.</summary>
        public void Slots(IReadOnlyList<SlotSpec> slots)
        {
            if (slots.Count == 0)
            {
                return;
            }

            var acroForm = new PdfDictionary(document);
            acroForm.Elements["/Fields"] = _fields;
            // SignaturesExist | AppendOnly (§12.7.3, table 219): a reader must save incrementally, never rewrite.
            acroForm.Elements["/SigFlags"] = new PdfInteger(3);
            document.Internals.AddObject(acroForm);
            document.Internals.Catalog.Elements["/AcroForm"] = acroForm.Reference;

            _y += 12;
            var column = Width / 2;
            for (var i = 0; i < slots.Count; i += 2)
            {
                Ensure(SlotHeight);
                for (var j = i; j < Math.Min(i + 2, slots.Count); j++)
                {
                    Slot(slots[j], Margin + ((j - i) * column), column - 16);
                }

                _y += SlotHeight;
            }
        }

        private void Slot(SlotSpec slot, double x, double width)
        {
            Graphics.DrawString(slot.Caption, _body, XBrushes.Black, new XRect(x, _y, width, LineHeight), XStringFormats.TopLeft);
            var box = slot.Kind == SlotKind.Seal ? new XRect(x, _y + LineHeight, 70, 70) : new XRect(x, _y + LineHeight, Math.Min(width, 190), 56);
            Graphics.DrawRectangle(new XPen(XColor.FromArgb(200, 200, 200), 0.5) { DashStyle = XDashStyle.Dot }, box);

            // The field and its widget in one dictionary (§12.7.4.5 with §12.5.6.19): no appearance until signed.
            var pageHeight = Page.Height.Point;
            var field = new PdfDictionary(document);
            field.Elements["/Type"] = new PdfName("/Annot");
            field.Elements["/Subtype"] = new PdfName("/Widget");
            field.Elements["/FT"] = new PdfName("/Sig");
            field.Elements["/T"] = new PdfString(slot.Name);
            field.Elements["/TU"] = new PdfString(slot.Caption, PdfStringEncoding.Unicode);
            field.Elements["/F"] = new PdfInteger(4); // Print
            field.Elements["/Rect"] = new PdfArray(document,
                new PdfReal(box.Left), new PdfReal(pageHeight - box.Bottom), new PdfReal(box.Right), new PdfReal(pageHeight - box.Top));
            field.Elements["/P"] = Page.Reference;
            document.Internals.AddObject(field);
            _fields.Elements.Add(field.Reference!);
            if (Page.Elements["/Annots"] is not PdfArray annots)
            {
                annots = new PdfArray(document);
                Page.Elements["/Annots"] = annots;
            }

            annots.Elements.Add(field.Reference!);
        }

        /// <summary>The case number and page numbers on every page, the QR code on the first.</summary>
        public void Finish(DocumentSpec spec)
        {
            var total = _pages.Count;
            for (var i = 0; i < total; i++)
            {
                var (page, graphics) = _pages[i];
                graphics.DrawString(spec.CaseNumber, _small, XBrushes.DimGray, new XRect(Margin, Margin - 28, page.Width.Point - (2 * Margin), 12), XStringFormats.TopRight);
                if (spec.Watermark is { } mark)
                {
                    Watermark(graphics, page, mark);
                }

                graphics.DrawString(string.Format(CultureInfo.InvariantCulture, "第 {0} 页 共 {1} 页", i + 1, total), _small, XBrushes.DimGray,
                    new XRect(Margin, page.Height.Point - Margin + 12, page.Width.Point - (2 * Margin), 12), XStringFormats.TopCenter);
                if (i == 0)
                {
                    QrCode(graphics, spec.VerificationUrl, page.Width.Point - Margin - QrSize + 6, Margin - 12);
                    graphics.DrawString("扫码核验", _small, XBrushes.DimGray, new XRect(page.Width.Point - Margin - QrSize + 6, Margin - 12 + QrSize, QrSize, 12), XStringFormats.TopCenter);
                }

                graphics.Dispose();
            }
        }

        /// <summary>The mark across the page, light enough to read the text under it, and once more at its top.</summary>
        private void Watermark(XGraphics graphics, PdfPage page, string mark)
        {
            graphics.DrawString(mark, _small, XBrushes.Firebrick, new XRect(Margin, Margin - 28, page.Width.Point - (2 * Margin), 12), XStringFormats.TopLeft);
            var state = graphics.Save();
            graphics.TranslateTransform(page.Width.Point / 2, page.Height.Point / 2);
            graphics.RotateTransform(-35);
            graphics.DrawString(mark, _title, new XSolidBrush(XColor.FromArgb(46, 178, 34, 34)), new XRect(-260, -20, 520, 40), XStringFormats.Center);
            graphics.Restore(state);
        }

        private static void QrCode(XGraphics graphics, Uri url, double x, double y)
        {
            using var data = QRCodeGenerator.GenerateQrCode(url.AbsoluteUri, QRCodeGenerator.ECCLevel.M);
            var modules = data.ModuleMatrix;
            var size = QrSize / modules.Count;
            for (var row = 0; row < modules.Count; row++)
            {
                for (var col = 0; col < modules[row].Length; col++)
                {
                    if (modules[row][col])
                    {
                        // A hair wider than the module, so no seams show between neighbours.
                        graphics.DrawRectangle(XBrushes.Black, x + (col * size), y + (row * size), size + 0.05, size + 0.05);
                    }
                }
            }
        }

        /// <summary>A paragraph's lines: the first indented by <paramref name="firstIndent"/>, the rest hanging
        /// by <paramref name="hanging"/> (under a label's value or a clause's number).</summary>
        private void Lines(string text, XFont font, double firstIndent, double hanging)
        {
            var graphics = Graphics;
            var lines = LineBreaker.Break(text, Width - firstIndent, Width - hanging, s => graphics.MeasureString(s, font).Width);
            for (var i = 0; i < lines.Count; i++)
            {
                var indent = i == 0 ? firstIndent : hanging;
                Ensure(LineHeight);
                Graphics.DrawString(lines[i], font, XBrushes.Black, new XRect(Margin + indent, _y, Width - indent, LineHeight), XStringFormats.TopLeft);
                _y += LineHeight;
            }
        }

        private void Ensure(double height)
        {
            if (_y + height > Bottom)
            {
                NewPage();
            }
        }

        private void NewPage()
        {
            var page = document.AddPage();
            page.Size = PageSize.A4;
            _pages.Add((page, XGraphics.FromPdfPage(page)));
            _y = Margin + 8;
        }
    }
}
