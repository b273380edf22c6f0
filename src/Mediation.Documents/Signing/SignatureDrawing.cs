using System.Globalization;
using System.Text;

namespace Mediation.Documents.Signing;

/// <summary>
/// A handwritten signature as the signer drew it: strokes of points, each coordinate between 0 and 1 across the
/// drawing pad (x to the right, y downwards), as the browser's pad reports them. Drawn as vector paths in the
/// signature's appearance, so it stays sharp and small.
/// </summary>
public sealed record SignatureDrawing(IReadOnlyList<IReadOnlyList<DrawnPoint>> Strokes)
{
    /// <summary>Limits that keep one signature's appearance small (a real signature has tens of strokes).</summary>
    public const int MaxStrokes = 200;

    public const int MaxPoints = 5000;

    /// <summary>Why the drawing cannot be a signature, or null: empty, too large, or points off the pad.</summary>
    public string? Problem()
    {
        var points = Strokes.Sum(s => s.Count);
        if (Strokes.Count == 0 || points < 2)
        {
            return "signature-drawing-empty";
        }

        if (Strokes.Count > MaxStrokes || points > MaxPoints)
        {
            return "signature-drawing-too-large";
        }

        return Strokes.SelectMany(s => s).Any(p => !double.IsFinite(p.X) || !double.IsFinite(p.Y) || p.X is < 0 or > 1 || p.Y is < 0 or > 1)
            ? "signature-drawing-invalid"
            : null;
    }

    /// <summary>The strokes as PDF path operators (§8.5.2) inside a box of <paramref name="width"/> ×
    /// <paramref name="height"/> points, the pad's aspect kept and the drawing centred.</summary>
    internal string ToPath(double width, double height, double padAspect)
    {
        var scale = Math.Min(width, height * padAspect);
        var (drawWidth, drawHeight) = (scale, scale / padAspect);
        var (left, bottom) = ((width - drawWidth) / 2, (height - drawHeight) / 2);
        var path = new StringBuilder();
        foreach (var stroke in Strokes)
        {
            for (var i = 0; i < stroke.Count; i++)
            {
                var x = left + (stroke[i].X * drawWidth);
                var y = bottom + ((1 - stroke[i].Y) * drawHeight);
                path.Append(CultureInfo.InvariantCulture, $"{x:0.##} {y:0.##} {(i == 0 ? "m" : "l")}\n");
            }

            if (stroke.Count == 1)
            {
                // A dot: a zero-length line with round caps shows as one.
                path.Append(CultureInfo.InvariantCulture, $"{left + (stroke[0].X * drawWidth):0.##} {bottom + ((1 - stroke[0].Y) * drawHeight):0.##} l\n");
            }

            path.Append("S\n");
        }

        return path.ToString();
    }
}

/// <summary>A point of a stroke, 0–1 across the pad.</summary>
public readonly record struct DrawnPoint(double X, double Y);
