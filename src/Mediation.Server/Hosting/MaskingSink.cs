using Mediation.Domain.Privacy;
using Serilog.Core;
using Serilog.Events;
using Serilog.Parsing;

namespace Mediation.Server.Hosting;

/// <summary>
/// Rewrites each event before it reaches a sink: the message template's literal text, every property value
/// (nested structures and sequences included) and the exception text pass through <see cref="PersonalDataMask.Mask"/>
/// (phone and identity numbers) and <see cref="SecretMask.Mask"/> (tokens, codes, passwords, keys, cookies); a property
/// named like a secret (Token, Password, …) loses its value whatever it holds. Events with nothing to mask pass
/// through unchanged.
/// </summary>
public sealed class MaskingSink(ILogEventSink inner) : ILogEventSink, IDisposable
{
    private static readonly MessageTemplateParser Parser = new();

    public void Emit(LogEvent logEvent) => inner.Emit(MaskEvent(logEvent));

    public void Dispose() => (inner as IDisposable)?.Dispose();

    public static LogEvent MaskEvent(LogEvent e)
    {
        var templateText = MaskText(e.MessageTemplate.Text);
        var template = ReferenceEquals(templateText, e.MessageTemplate.Text) ? e.MessageTemplate : Parser.Parse(templateText);
        var changed = !ReferenceEquals(template, e.MessageTemplate);

        var properties = new List<LogEventProperty>(e.Properties.Count);
        foreach (var (name, value) in e.Properties)
        {
            var masked = SecretMask.IsSecretName(name) ? Hidden : MaskValue(value);
            changed |= !ReferenceEquals(masked, value);
            properties.Add(new LogEventProperty(name, masked));
        }

        var exception = e.Exception;
        if (exception is not null)
        {
            var text = exception.ToString();
            var maskedText = MaskText(text);
            if (!ReferenceEquals(text, maskedText))
            {
                exception = new MaskedException(exception, maskedText);
                changed = true;
            }
        }

        return changed ? new LogEvent(e.Timestamp, e.Level, exception, template, properties, e.TraceId ?? default, e.SpanId ?? default) : e;
    }

    private static LogEventPropertyValue MaskValue(LogEventPropertyValue value)
    {
        switch (value)
        {
            case ScalarValue { Value: string s }:
                var masked = MaskText(s);
                return ReferenceEquals(masked, s) ? value : new ScalarValue(masked);
            case ScalarValue { Value: long or ulong or decimal } number:
                // A phone number logged as a number (13812345678) is still a phone number.
                var digits = Convert.ToString(number.Value, System.Globalization.CultureInfo.InvariantCulture)!;
                var maskedDigits = PersonalDataMask.Mask(digits);
                return ReferenceEquals(maskedDigits, digits) ? value : new ScalarValue(maskedDigits);
            case SequenceValue sequence:
                var elements = sequence.Elements.Select(MaskValue).ToList();
                return elements.SequenceEqual(sequence.Elements) ? value : new SequenceValue(elements);
            case StructureValue structure:
                var props = structure.Properties.Select(p => new LogEventProperty(p.Name, SecretMask.IsSecretName(p.Name) ? Hidden : MaskValue(p.Value))).ToList();
                return props.Select(p => p.Value).SequenceEqual(structure.Properties.Select(p => p.Value))
                    ? value : new StructureValue(props, structure.TypeTag);
            case DictionaryValue dictionary:
                var entries = dictionary.Elements.Select(kv => new KeyValuePair<ScalarValue, LogEventPropertyValue>(kv.Key, MaskValue(kv.Value))).ToList();
                return entries.Select(kv => kv.Value).SequenceEqual(dictionary.Elements.Select(kv => kv.Value))
                    ? value : new DictionaryValue(entries);
            default:
                return value;
        }
    }

    private static readonly ScalarValue Hidden = new("***");

    /// <summary>The text with personal data and secrets masked; the same instance when there was nothing to mask.</summary>
    private static string MaskText(string text)
    {
        var masked = PersonalDataMask.Mask(text);
        var secret = SecretMask.Mask(masked);
        return ReferenceEquals(secret, masked) ? masked : secret;
    }

    /// <summary>Stands in for an exception whose text held personal data; sinks render its masked text.</summary>
    private sealed class MaskedException(Exception original, string maskedText) : Exception(MaskText(original.Message))
    {
        public override string ToString() => maskedText;
    }
}
