using System.Text.RegularExpressions;

namespace Mediation.Documents.Pdf;

/// <summary>How a signature field's dictionary is recognised (ISO 32000-1 §12.7.4.5: /FT /Sig) and named (/T), for
/// the signer that fills it and the verifier that reads it.</summary>
internal static partial class SignatureFields
{
    public static bool IsSignatureField(PdfObject o) => SignatureField().IsMatch(o.Dictionary);

    /// <summary>The field's name (/T as a literal string, as the renderer writes it), or null.</summary>
    public static string? NameOf(PdfObject o) => FieldName().Match(o.Dictionary) is { Success: true } m ? m.Groups[1].Value : null;

    [GeneratedRegex(@"/FT\s*/Sig\b")]
    private static partial Regex SignatureField();

    [GeneratedRegex(@"/T\s*\(([^)]*)\)")]
    private static partial Regex FieldName();
}
