namespace Mediation.Domain;

/// <summary>One problem with one field: a stable <see cref="Code"/> that clients translate (with <see cref="Limit"/>
/// where the text needs a number), and the English <see cref="Message"/> for people reading the API.</summary>
public sealed record FieldError(string Code, string Message, int? Limit = null);

/// <summary>The problems of a form by field (the field's JSON path, <c>applicants[0].name</c>), all at once, so each is
/// shown beside its field.</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<FieldError>> _errors = [];

    public int Count => _errors.Count;

    public IReadOnlyDictionary<string, List<FieldError>> ByField => _errors;

    public bool Has(string field) => _errors.ContainsKey(field);

    public FieldErrors Add(string field, string code, string message, int? limit = null)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }

        // One refusal may come from two checks (Identity refuses a taken address as e-mail and as user name): a
        // field shows each problem once.
        if (!list.Exists(e => e.Code == code))
        {
            list.Add(new FieldError(code, message, limit));
        }

        return this;
    }

    public FieldErrors Add(string field, DomainResult refusal) => Add(field, refusal.ErrorCode!, refusal.Message!);

    public static FieldErrors Of(string field, string code, string message, int? limit = null) => new FieldErrors().Add(field, code, message, limit);

    /// <summary>A required text: present, and no longer than <paramref name="max"/> characters once trimmed.</summary>
    public FieldErrors Required(string field, string? text, int max)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return Add(field, "required", "This field is required.");
        }

        return Text(field, text, max);
    }

    /// <summary>An optional text: when given, no longer than <paramref name="max"/> characters once trimmed.</summary>
    public FieldErrors Text(string field, string? text, int max) =>
        text is not null && text.Trim().Length > max ? Add(field, "too-long", $"At most {max} characters.", max) : this;
}
