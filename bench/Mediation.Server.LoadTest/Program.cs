using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Mediation.Data;
using Mediation.Domain.Cases;
using Mediation.Testing;
using Microsoft.EntityFrameworkCore;

// Case list and detail under concurrent clients, against PostgreSQL with many cases.
//   MEDIATION_TEST_POSTGRES=... dotnet run -c Release --project bench/Mediation.Server.LoadTest -- [cases] [clients] [seconds] [think ms]
// It creates a database, starts the built server on it as its own process (demo data on), seeds the cases into the
// demo organization, then has each client sign in as the organization admin and alternate list and detail calls.
// With think ms 0 (the default) every client calls again the moment an answer arrives, which measures the most the
// machine serves; with a think time each client waits that long (±50%) between calls, as a person at a screen does.
// Each think time given is one measured phase, on the same seeded database.
var cases = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 100_000;
var clients = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200;
var seconds = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 30;
var thinkTimes = (args.Length > 3 ? args[3] : "0").Split(',').Select(t => int.Parse(t, CultureInfo.InvariantCulture)).ToList();

await using var database = await PostgresDatabase.CreateAsync();
using var data = new TemporaryDirectory();
var port = Loopback.FreePort();
var baseUrl = $"http://127.0.0.1:{port}";
// As in production (no Development diagnostics), with the demo accounts to sign in with.
await using (var server = ServerProcess.Start(["--urls", baseUrl, $"--Storage:DataDirectory={data.Path}", "--Media:Port=0", "--DemoData:Enabled=true",
    $"--ConnectionStrings:Mediation={database.ConnectionString}"], environment: "Production"))
{
    await server.WaitUntilHealthyAsync(baseUrl + "/healthz", TimeSpan.FromSeconds(120));
    var seeding = Stopwatch.StartNew();
    var ids = await SeedAsync(database.ConnectionString, cases);
    Console.WriteLine($"Seeded {cases:N0} cases in {seeding.Elapsed.TotalSeconds:F0} s");

    // One signed-in session shared by the clients, renewed as a browser renews it (the server re-checks a staff
    // session every minute and sends the refreshed cookie back).
    using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = clients, UseCookies = true, CookieContainer = new CookieContainer() };
    using var http = new HttpClient(handler) { BaseAddress = new Uri(baseUrl) };
    await SignInAsync(http);
    // Warm up: JIT, the database's caches, and both connection pools grown to what the clients will use.
    for (var round = 0; round < 3; round++)
    {
        await Task.WhenAll(Enumerable.Range(0, clients).Select(i =>
            CallAsync(http, i % 2 == 0 ? $"/api/cases?page={1 + (i % 49)}&pageSize=20" : $"/api/cases/{ids[(round * clients + i) % ids.Count]}")));
    }

    foreach (var thinkMs in thinkTimes)
    {
        var list = new List<double>();
        var detail = new List<double>();
        var failures = 0;
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        await Task.WhenAll(Enumerable.Range(0, clients).Select(async client =>
        {
            var random = new Random(client);
            var myList = new List<double>();
            var myDetail = new List<double>();
            // People do not all click at the same instant: spread the first calls over one think time.
            await Task.Delay(thinkMs > 0 ? random.Next(thinkMs) : 0);
            while (DateTime.UtcNow < deadline)
            {
                var isList = random.Next(2) == 0;
                var path = isList ? $"/api/cases?page={random.Next(1, 50)}&pageSize=20" : $"/api/cases/{ids[random.Next(ids.Count)]}";
                var (ok, ms) = await CallAsync(http, path);
                if (!ok)
                {
                    Interlocked.Increment(ref failures);
                }

                (isList ? myList : myDetail).Add(ms);
                if (thinkMs > 0)
                {
                    await Task.Delay(random.Next(thinkMs / 2, thinkMs * 3 / 2 + 1));
                }
            }

            lock (list)
            {
                list.AddRange(myList);
                detail.AddRange(myDetail);
            }
        }));

        Console.WriteLine();
        Console.WriteLine($"{cases:N0} cases, {clients} concurrent clients, think time {thinkMs} ms, {seconds} s, PostgreSQL, server and clients on one {Environment.ProcessorCount}-core machine");
        Console.WriteLine();
        Console.WriteLine("| call | requests | req/s | p50 ms | p95 ms | p99 ms |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        foreach (var (name, samples) in new[] { ("GET /api/cases (page of 20)", list), ("GET /api/cases/{id}", detail) })
        {
            samples.Sort();
            double P(double p) => samples[Math.Min(samples.Count - 1, (int)(p * samples.Count))];
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {samples.Count:N0} | {samples.Count / (double)seconds:F0} | {P(0.5):F1} | {P(0.95):F1} | {P(0.99):F1} |"));
        }

        Console.WriteLine($"\nfailures: {failures}");
    }
}

static async Task<(bool Ok, double Ms)> CallAsync(HttpClient http, string path)
{
    using var request = new HttpRequestMessage(HttpMethod.Get, path);
    var clock = Stopwatch.StartNew();
    using var response = await http.SendAsync(request);
    await response.Content.ReadAsByteArrayAsync();
    return (response.IsSuccessStatusCode, clock.Elapsed.TotalMilliseconds);
}

static async Task SignInAsync(HttpClient http)
{
    var response = await http.PostAsJsonAsync("/api/auth/sign-in", new { email = "orgadmin@demo.local", password = "Demo@2026!" });
    response.EnsureSuccessStatusCode();
}

static async Task<List<Guid>> SeedAsync(string connectionString, int count)
{
    await using var db = MediationStorage.CreateContext(DatabaseProvider.PostgreSql, connectionString);
    var organization = await db.Organizations.OrderBy(o => o.Name).FirstAsync();
    var mediator = await db.Users.Where(u => u.Email == "mediator@demo.local").Select(u => u.Id).SingleAsync();
    var start = new DateTime(2026, 1, 5, 1, 0, 0, DateTimeKind.Utc);
    var ids = new List<Guid>(count);
    for (var batch = 0; batch < count; batch += 1000)
    {
        await using var batchDb = MediationStorage.CreateContext(DatabaseProvider.PostgreSql, connectionString);
        batchDb.ChangeTracker.AutoDetectChangesEnabled = false;
        for (var i = batch; i < Math.Min(count, batch + 1000); i++)
        {
            var received = start.AddMinutes(i * 4);
            var @case = new Case(organization.Id, CaseNumber.Format("载", 2026, i + 2), $"劳动争议 {i}", received, IntakeChannel.Staff, "load");
            @case.AddParty(PartySide.Applicant, PartyKind.NaturalPerson, $"申请人{i}", null, "13800000001");
            @case.AddParty(PartySide.Respondent, PartyKind.Organization, $"公司{i % 500}", null, "13900000002");
            @case.AddClaim(new DisputeClaim(ClaimCategory.LaborRemuneration, "支付工资", 1000m + i, PartySide.Respondent), "load", received);
            @case.Accept("load", received);
            @case.AssignMediator("load", received, mediator);
            batchDb.Cases.Add(@case);
            ids.Add(@case.Id);
        }

        await batchDb.SaveChangesAsync();
    }

    return ids;
}

