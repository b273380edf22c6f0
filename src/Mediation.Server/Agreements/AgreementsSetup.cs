using Mediation.Server.Hosting;

namespace Mediation.Server.Agreements;

/// <summary>Agreements and their signatures: the signing keys, the documents, the signing flow, and verification.</summary>
public static class AgreementsSetup
{
    /// <summary>What Development runs with when no passphrase is configured: the keys of a demo database are not
    /// secrets. Anywhere else the server does not start without one.</summary>
    public const string DevelopmentPassphrase = "development only, not a secret";

    public static IHostApplicationBuilder AddAgreements(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SigningOptions>().Bind(builder.Configuration.GetSection(SigningOptions.Section))
            .PostConfigure(o =>
            {
                if (builder.Environment.IsDevelopment() && string.IsNullOrEmpty(o.RootKeyPassphrase))
                {
                    o.RootKeyPassphrase = DevelopmentPassphrase;
                }
            })
            .ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<SigningKeyStore>();
        builder.Services.AddHttpClient(DocumentSigning.TimestampClient)
            .ConfigureHttpClient((sp, http) => http.Timeout = sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<SigningOptions>>().Value.TimestampTimeout);
        builder.Services.AddScoped<AgreementDocuments>();
        builder.Services.AddScoped<DocumentSigning>();
        builder.Services.AddScoped<AgreementSigning>();
        builder.Services.AddHttpContextAccessor();
        builder.Services.Configure<Microsoft.AspNetCore.RateLimiting.RateLimiterOptions>(o =>
            o.AddPerAddressPolicy(VerificationApi.RateLimitPolicy, 30, TimeSpan.FromMinutes(1)));
        Documents.Fonts.DocumentFonts.UsePath(builder.Configuration["Documents:FontPath"]);
        return builder;
    }

    public static IEndpointRouteBuilder MapAgreements(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/cases").WithTags("Agreements").MapAgreementApi();
        app.MapAgreementWordingApi();
        app.MapVerificationApi();
        return app;
    }
}
