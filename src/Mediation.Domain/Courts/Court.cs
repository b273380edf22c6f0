namespace Mediation.Domain.Courts;

/// <summary>
/// A people's court that mediation organizations dock with (在线诉调对接): it delegates cases to them for mediation
/// before filing (委派调解, 在线调解规则 art. 2) and receives their applications for judicial confirmation
/// (民事诉讼法 art. 205). Its clerks see only what concerns their court.
/// </summary>
public sealed class Court
{
    private Court() { }

    public Court(string name, string code)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        Id = Guid.NewGuid();
        Name = name.Trim();
        Code = code.Trim().ToUpperInvariant();
    }

    public Guid Id { get; private set; }

    /// <summary>The court's full name, e.g. 淄博市张店区人民法院.</summary>
    public string Name { get; private set; } = "";

    /// <summary>The court's code in the courts' own systems (法院代码), which the docking messages carry.</summary>
    public string Code { get; private set; } = "";
}
