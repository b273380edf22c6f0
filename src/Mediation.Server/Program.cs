using Mediation.Server.Access;
using Mediation.Server.Agreements;
using Mediation.Server.Cases;
using Mediation.Server.Courts;
using Mediation.Server.Health;
using Mediation.Server.Hosting;
using Mediation.Server.Invites;
using Mediation.Server.Media;
using Mediation.Server.Organizations;
using Mediation.Server.Roster;
using Mediation.Server.Seeding;
using Mediation.Server.Sessions;
using Mediation.Server.Sms;
using Mediation.Server.WebApp;
using Mediation.Server.Work;

var builder = WebApplication.CreateBuilder(args);

builder.AddMediationLogging();
builder.AddStorage();
builder.AddApiConventions();
builder.AddRateLimits();
builder.AddApiDocuments();
builder.AddAccess();
builder.AddSms();
builder.AddInvites();
builder.AddCases();
builder.AddCourts();
builder.AddAgreements();
builder.AddHealth();
builder.AddMedia();
builder.AddSessions();
builder.AddDemoData();

await using var app = builder.Build();

if (ServerCommands.IsMigrate(args))
{
    return await app.RunMigrateCommandAsync();
}

if (ServerCommands.IsCreateAdmin(args))
{
    return await app.RunCreateAdminCommandAsync(args);
}

await app.PrepareDatabaseAsync();

app.UseMediationRequestPipeline();
app.MapApiDocuments();
app.MapHealth();
app.MapAccessApi();
app.MapStaffApi();
app.MapOrganizationApi();
app.MapInviteApi();
app.MapCaseApi();
app.MapAgreements();
app.MapCourts();
app.MapRosterApi();
app.MapPublicApplicationApi();
app.MapSmsApi();
app.MapMediaApi();
app.MapSessions();
app.MapWorkApi();
app.MapWebApp();

await app.RunAsync();
return 0;

/// <summary>Visible to the test host (WebApplicationFactory).</summary>
public partial class Program;
