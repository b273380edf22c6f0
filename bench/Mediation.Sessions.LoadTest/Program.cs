using System.Globalization;
using Mediation.Sessions.LoadTest;

// The live sessions under load, against the built server as its own process (demo data on).
//   dotnet run -c Release --project bench/Mediation.Sessions.LoadTest -- hub [rooms] [seconds] [chat interval ms]
//     Rooms of a mediator and two parties over the .NET SignalR client, all admitted; each party chats every
//     interval (±50 %) and raises or lowers a hand every two intervals. Reports messages per second and the
//     latency of chat delivery and of presence changes (send → the other pages told), p50/p95/p99. Uses
//     PostgreSQL when MEDIATION_TEST_POSTGRES is set (as in production), SQLite otherwise.
//   dotnet run -c Release --project bench/Mediation.Sessions.LoadTest -- join [runs]
//     Chromium (Debian's, fake devices): a party waits in the lobby and is admitted — time from the admission to
//     the first remote video frame decoded; then the mediator leaves and joins again — time from the join click
//     to the first remote frame. p50/p90 over the runs.
//   dotnet run -c Release --project bench/Mediation.Sessions.LoadTest -- restart [runs]
//     Chromium: a mediator and two parties in a room, video flowing; the server killed (kill -9) and started again,
//     [runs] times — the time from the restarted server's /healthz to every page's remote video moving again.
var mode = args.Length > 0 ? args[0] : "hub";
int Arg(int index, int fallback) => args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;

await using var server = await BenchServer.StartAsync();
if (mode == "join")
{
    await JoinBench.RunAsync(server, Arg(1, 10));
}
else if (mode == "restart")
{
    await RestartBench.RunAsync(server, Arg(1, 10));
}
else
{
    await HubBench.RunAsync(server, rooms: Arg(1, 50), seconds: Arg(2, 30), chatIntervalMs: Arg(3, 2000));
}
