using System.Text;
using Mediation.Data;
using Mediation.Domain.Access;
using Mediation.Domain.Cases;
using Mediation.Domain.Courts;
using Mediation.Domain.Invites;
using Mediation.Domain.Organizations;
using Mediation.Domain.Roster;
using Mediation.Server.Invites;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Mediation.Server.Seeding;

/// <summary><c>DemoData:*</c>. On in Development (appsettings.Development.json), off elsewhere.</summary>
public sealed class DemoDataOptions
{
    public const string Section = "DemoData";

    public bool Enabled { get; set; }

    /// <summary>The password of every demo staff account.</summary>
    public string Password { get; set; } = "Demo@2026!";
}

/// <summary>
/// A first run's data: one mediation organization with an admin and a mediator, a court clerk, a platform
/// admin, and one case between a worker and an employer. At every start it issues fresh invites for the two
/// parties (tokens are stored only hashed, so old links cannot be shown again) and prints how to get in.
/// </summary>
public static class DemoData
{
    public const string CaseNumber = "劳调〔2026〕第0001号";
    public const string DelegatedCaseNumber = "劳调〔2026〕第0002号";

    /// <summary>The demo organization's telephone, which a party's pages give for questions (a made-up number).</summary>
    public const string OrganizationPhone = "0533-2180000";

    /// <summary>The demo court's code (the 张店区 administrative division code, for the demo only).</summary>
    public const string CourtCode = "370303";

    public static readonly (string Email, string Name, string Role)[] Staff =
    [
        ("admin@demo.local", "平台管理员", Roles.PlatformAdmin),
        ("orgadmin@demo.local", "张主任", Roles.OrgAdmin),
        ("mediator@demo.local", "王调解员", Roles.Mediator),
        ("clerk@demo.local", "刘书记员", Roles.CourtClerk),
    ];

    public static IHostApplicationBuilder AddDemoData(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<DemoDataOptions>().BindConfiguration(DemoDataOptions.Section)
            .Validate(o => !o.Enabled || o.Password.Length >= 10, "DemoData:Password must be at least 10 characters.").ValidateOnStart();
        return builder;
    }

    public static async Task SeedAsync(WebApplication app, IServiceProvider services)
    {
        var db = services.GetRequiredService<MediationDbContext>();
        var options = services.GetRequiredService<IOptions<DemoDataOptions>>().Value;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;

        var court = await db.Courts.FirstOrDefaultAsync(c => c.Code == CourtCode);
        if (court is null)
        {
            court = new Court("淄博市张店区人民法院", CourtCode);
            db.Courts.Add(court);
            await db.SaveChangesAsync();
        }

        var organization = await db.Organizations.OrderBy(o => o.Name).FirstOrDefaultAsync();
        if (organization is null)
        {
            organization = new MediationOrganization("淄博市张店区劳动人事争议调解中心", OrganizationKind.TownshipLaborMediation,
                "山东省淄博市张店区人民西路 100 号", court.Id);
            organization.Update(organization.Name, organization.Kind, organization.Address, OrganizationPhone, court.Id, [.. organization.AcceptedCategories], false);
            db.Organizations.Add(organization);
            await db.SaveChangesAsync();
        }

        var users = services.GetRequiredService<UserManager<StaffUser>>();
        var staffIds = new Dictionary<string, string>();
        foreach (var (email, name, role) in Staff)
        {
            var user = await users.FindByEmailAsync(email);
            if (user is null)
            {
                user = new StaffUser
                {
                    UserName = email,
                    Email = email,
                    EmailConfirmed = true,
                    DisplayName = name,
                    OrganizationId = role is Roles.OrgAdmin or Roles.Mediator ? organization.Id : null,
                    CourtId = role is Roles.CourtClerk ? court.Id : null,
                };
                Check(await users.CreateAsync(user, options.Password), email);
                Check(await users.AddToRoleAsync(user, role), email);
            }

            staffIds[role] = user.Id;
        }

        if (await db.MediatorProfiles.FindAsync(staffIds[Roles.Mediator]) is null)
        {
            var profile = new MediatorProfile(staffIds[Roles.Mediator], organization.Id);
            profile.Update("鲁劳调证2026001", ["劳动报酬", "解除劳动合同", "工伤"], MediatorStatus.Active);
            db.MediatorProfiles.Add(profile);
            await db.SaveChangesAsync();
        }

        var @case = await db.Cases.Include(c => c.Parties).AsSplitQuery().FirstOrDefaultAsync(c => c.Number == CaseNumber);
        if (@case is null)
        {
            @case = new Case(organization.Id, CaseNumber, "拖欠工资及解除劳动合同经济补偿争议", now, IntakeChannel.Staff, staffIds[Roles.OrgAdmin]);
            @case.AddParty(PartySide.Applicant, PartyKind.NaturalPerson, "李明", "370303199001011239", "13800000001");
            @case.AddParty(PartySide.Respondent, PartyKind.Organization, "淄博恒信机械制造有限公司", "91370300MA3C00000Q", "13900000002");
            @case.AddClaim(new DisputeClaim(ClaimCategory.LaborRemuneration, "支付2026年8月至10月拖欠工资", 18600m, PartySide.Respondent), staffIds[Roles.OrgAdmin], now);
            @case.AddClaim(new DisputeClaim(ClaimCategory.EconomicCompensation, "支付解除劳动合同经济补偿", 24800m, PartySide.Respondent), staffIds[Roles.OrgAdmin], now);
            @case.Accept(staffIds[Roles.OrgAdmin], now);
            @case.AssignMediator(staffIds[Roles.OrgAdmin], now, staffIds[Roles.Mediator]);
            db.Cases.Add(@case);
            await db.SaveChangesAsync();
        }

        if (!await db.Cases.AnyAsync(c => c.DelegatingCourtId == court.Id))
        {
            // A dispute the court delegated before filing (委派调解), waiting for the organization's acceptance.
            var delegated = new Case(organization.Id, DelegatedCaseNumber, "解除劳动合同经济补偿争议", now, IntakeChannel.CourtDelegated, staffIds[Roles.CourtClerk]);
            delegated.DelegatedBy(court.Id, "（2026）鲁0303民诉前调1号");
            delegated.SetFacts("申请人于2023年3月入职被申请人处任质检员，2026年9月被申请人以经营困难为由解除劳动合同，未支付经济补偿。");
            delegated.AddParty(PartySide.Applicant, PartyKind.NaturalPerson, "赵敏", "370303199205152340", "13800000003");
            delegated.AddParty(PartySide.Respondent, PartyKind.Organization, "淄博恒信机械制造有限公司", "91370300MA3C00000Q", "13900000002");
            delegated.AddClaim(new DisputeClaim(ClaimCategory.EconomicCompensation, "支付解除劳动合同经济补偿", 21000m, PartySide.Respondent), staffIds[Roles.CourtClerk], now);
            db.Cases.Add(delegated);
            await db.SaveChangesAsync();
        }

        // Links from earlier runs cannot be printed again; withdraw them so only the printed ones work.
        var partyIds = @case.Parties.Select(p => p.Id).ToList();
        foreach (var stale in await db.Invites.Where(i => partyIds.Contains(i.PartyId) && i.RevokedAtUtc == null && i.RedeemedAtUtc == null).ToListAsync())
        {
            stale.Revoke(now);
        }

        var inviteOptions = services.GetRequiredService<IOptions<InviteOptions>>().Value;
        var tokens = new List<(CaseParty Party, string Token)>();
        foreach (var party in @case.Parties)
        {
            var (invite, token) = Invite.Issue(@case.Id, party.Id, staffIds[Roles.Mediator], now, inviteOptions.Lifetime);
            db.Invites.Add(invite);
            tokens.Add((party, token));
        }

        await db.SaveChangesAsync();
        app.Lifetime.ApplicationStarted.Register(() => PrintBanner(app, options, inviteOptions, tokens));
    }

    private static void PrintBanner(WebApplication app, DemoDataOptions options, InviteOptions invites, List<(CaseParty Party, string Token)> tokens)
    {
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault() ?? "http://127.0.0.1:5080";
        var baseUrl = invites.PublicBaseUrl ?? address.Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal).Replace("://[::]", "://127.0.0.1", StringComparison.Ordinal);
        var linkOptions = new InviteOptions { PublicBaseUrl = baseUrl };
        var text = new StringBuilder()
            .AppendLine()
            .AppendLine("================ Mediation.Online (demo data) ================")
            .AppendLine($"  Open:            {baseUrl}/")
            .AppendLine($"  Staff sign-in:   {baseUrl}/login   password for all: {options.Password}");
        foreach (var (email, name, role) in Staff)
        {
            text.AppendLine($"    {role,-14} {email,-22} {name}");
        }

        text.AppendLine($"  Case {CaseNumber}: party invite links (one device each; the code goes to the SMS outbox at {baseUrl}/app/dev/sms)");
        foreach (var (party, token) in tokens)
        {
            text.AppendLine($"    {party.Side,-10} {party.Name}: {linkOptions.LinkFor(token, null)}");
        }

        text.AppendLine("===============================================================");
        Console.WriteLine(text.ToString());
    }

    private static void Check(IdentityResult result, string who)
    {
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Demo account {who}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
        }
    }
}
