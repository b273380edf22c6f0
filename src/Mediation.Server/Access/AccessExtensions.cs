using Mediation.Data;
using Mediation.Domain.Access;
using Mediation.Server.Hosting;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Mediation.Server.Access;

public static class AccessExtensions
{
    /// <summary>Identity for staff (password, lockout, TOTP two-factor), a cookie scheme for parties' case-scoped
    /// sessions, and the authorization policies every endpoint names.</summary>
    public static IHostApplicationBuilder AddAccess(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<SecurityOptions>().BindConfiguration(SecurityOptions.Section)
            .Validate(o => o.MaxFailedAccessAttempts > 0 && o.LockoutDuration > TimeSpan.Zero, "Lockout needs a positive attempt count and duration.")
            .Validate(o => o.RequireTwoFactorForRoles.All(r => Roles.Staff.Contains(r)), "RequireTwoFactorForRoles names an unknown staff role.")
            .Validate(o => o.SignInsPerAddressPerMinute > 0, "Security:SignInsPerAddressPerMinute must be positive.")
            .ValidateOnStart();
        var security = builder.Configuration.GetSection(SecurityOptions.Section).Get<SecurityOptions>() ?? new SecurityOptions();
        var secure = security.SecureCookies ?? ServedOverHttps(builder.Configuration);
        // Over HTTPS every cookie is Secure and __Host- prefixed: bound to this exact host and path, never set by a sibling
        // domain or sent in clear (RFC 6265bis §4.1.3.2).
        string Named(string name) => secure ? "__Host-" + name : name;

        services.AddAuthentication(IdentityConstants.ApplicationScheme)
            .AddIdentityCookies(cookies =>
            {
                cookies.ApplicationCookie!.Configure(o =>
                {
                    o.Cookie.Name = Named("med.staff");
                    o.Cookie.SameSite = SameSiteMode.Strict;
                    o.ExpireTimeSpan = security.StaffSessionLifetime;
                    o.SlidingExpiration = true;
                    ApiCookieEvents(o, secure);
                });
                cookies.TwoFactorUserIdCookie!.Configure(o =>
                {
                    o.Cookie.Name = Named("med.2fa");
                    o.Cookie.SameSite = SameSiteMode.Strict;
                    ApiCookieEvents(o, secure);
                });
                cookies.TwoFactorRememberMeCookie!.Configure(o =>
                {
                    o.Cookie.Name = Named("med.2fa-remember");
                    o.Cookie.SameSite = SameSiteMode.Strict;
                    ApiCookieEvents(o, secure);
                });
            });
        // Identity's default of 30 minutes would leave a disabled account working for half an hour.
        services.AddOptions<SecurityStampValidatorOptions>().Configure<TimeProvider>((o, time) =>
        {
            o.ValidationInterval = security.StaffSessionRecheckInterval;
            o.TimeProvider = time;
        });
        services.AddAuthentication().AddCookie(PartyAuthentication.Scheme, o =>
        {
            o.Cookie.Name = Named("med.party");
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.ExpireTimeSpan = security.PartySessionLifetime;
            o.SlidingExpiration = false;
            ApiCookieEvents(o, secure);
            o.Events.OnValidatePrincipal = PartySessionValidator.ValidateAsync;
        });

        services.AddIdentityCore<StaffUser>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 10;
                o.Password.RequireNonAlphanumeric = false;
                o.Lockout.AllowedForNewUsers = true;
                o.Lockout.MaxFailedAccessAttempts = security.MaxFailedAccessAttempts;
                o.Lockout.DefaultLockoutTimeSpan = security.LockoutDuration;
                o.SignIn.RequireConfirmedAccount = false;
                o.Tokens.AuthenticatorTokenProvider = AuthenticatorCodes.ProviderName;
            })
            .AddRoles<IdentityRole>()
            .AddClaimsPrincipalFactory<StaffClaimsPrincipalFactory>()
            .AddEntityFrameworkStores<MediationDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders()
            .AddTokenProvider<AuthenticatorCodes>(AuthenticatorCodes.ProviderName);
        // The account store encrypts authenticator secrets and recovery codes before they reach the database.
        services.AddScoped<IUserStore<StaffUser>, ProtectedUserStore>();
        services.AddScoped<SignInThrottle>();
        services.AddRateLimiter(o => o.AddPerAddressPolicy(AccessApi.SignInLimit, security.SignInsPerAddressPerMinute, TimeSpan.FromMinutes(1)));

        services.AddSingleton<TwoFactorPolicy>();
        services.AddSingleton<IAuthorizationHandler, TwoFactorRequirementHandler>();
        services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationMiddlewareResultHandler, ProblemAuthorizationResultHandler>();
        services.AddAuthorizationBuilder()
            .AddPolicy(Policies.StaffSignedIn, p => p
                .AddAuthenticationSchemes(IdentityConstants.ApplicationScheme)
                .RequireRole(Roles.Staff))
            .AddPolicy(Policies.Staff, p => p
                .AddAuthenticationSchemes(IdentityConstants.ApplicationScheme)
                .RequireRole(Roles.Staff)
                .AddRequirements(new TwoFactorRequirement()))
            .AddPolicy(Policies.PlatformAdmin, p => p
                .AddAuthenticationSchemes(IdentityConstants.ApplicationScheme)
                .RequireRole(Roles.PlatformAdmin)
                .AddRequirements(new TwoFactorRequirement()))
            .AddPolicy(Policies.CourtClerk, p => p
                .AddAuthenticationSchemes(IdentityConstants.ApplicationScheme)
                .RequireRole(Roles.CourtClerk)
                .AddRequirements(new TwoFactorRequirement()))
            .AddPolicy(Policies.Party, p => p
                .AddAuthenticationSchemes(PartyAuthentication.Scheme)
                .RequireRole(Roles.Party))
            .AddPolicy(Policies.SignedIn, p => p
                .AddAuthenticationSchemes(IdentityConstants.ApplicationScheme, PartyAuthentication.Scheme)
                .RequireAuthenticatedUser())
            // A staff member reaching a case through the paths parties share (detail, record, evidence, media, the live
            // session) is held to the same second factor as on staff paths; a party's session never needs one.
            .AddPolicy(Policies.StaffOrParty, p => p
                .AddAuthenticationSchemes(IdentityConstants.ApplicationScheme, PartyAuthentication.Scheme)
                .RequireAuthenticatedUser()
                .AddRequirements(new TwoFactorRequirement()));
        services.AddScoped<CaseAccess>();
        return builder;
    }

    /// <summary>Whether the server is reached over HTTPS: its public address, or one of the addresses it listens on, says so.</summary>
    private static bool ServedOverHttps(IConfiguration configuration) =>
        (configuration["Invites:PublicBaseUrl"] ?? "").StartsWith("https://", StringComparison.OrdinalIgnoreCase)
        || (configuration["Urls"] ?? configuration["ASPNETCORE_URLS"] ?? "").Split(';').Any(u => u.StartsWith("https://", StringComparison.OrdinalIgnoreCase));

    /// <summary>No redirects to login pages: the API answers 401/403 and the web app routes.</summary>
    private static void ApiCookieEvents(CookieAuthenticationOptions o, bool secure)
    {
        o.Cookie.HttpOnly = true;
        o.Cookie.Path = "/";
        o.Cookie.SecurePolicy = secure ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        o.Events.OnRedirectToLogin = ctx => { ctx.Response.StatusCode = StatusCodes.Status401Unauthorized; return Task.CompletedTask; };
        o.Events.OnRedirectToAccessDenied = ctx => { ctx.Response.StatusCode = StatusCodes.Status403Forbidden; return Task.CompletedTask; };
    }

    /// <summary>The roles exist in every database, demo data or not.</summary>
    public static async Task EnsureRolesAsync(IServiceProvider services)
    {
        var roles = services.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in Roles.Staff)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                var result = await roles.CreateAsync(new IdentityRole(role));
                if (!result.Succeeded)
                {
                    throw new InvalidOperationException($"Could not create role {role}: {string.Join("; ", result.Errors.Select(e => e.Description))}");
                }
            }
        }
    }

    internal static TwoFactorPolicy TwoFactor(this IServiceProvider services) => services.GetRequiredService<TwoFactorPolicy>();

    internal static SecurityOptions Security(this IServiceProvider services) => services.GetRequiredService<IOptions<SecurityOptions>>().Value;
}
