using Mediation.Domain.Cases;
using Microsoft.EntityFrameworkCore;

namespace Mediation.Data;

public static class CaseQueries
{
    /// <summary>Cases with the people in them (parties and their agents), which every case-scoped call needs: access
    /// checks, the detail, the record. Split so parties × agents × claims do not multiply into one wide result.</summary>
    public static IQueryable<Case> WithPeople(this IQueryable<Case> cases) =>
        cases.Include(c => c.Parties).Include(c => c.Agents).AsSplitQuery();
}
