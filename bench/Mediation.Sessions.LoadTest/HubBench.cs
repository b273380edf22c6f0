using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.SignalR.Client;

namespace Mediation.Sessions.LoadTest;

/// <summary>Chat and presence in many rooms at once over the session hub (see Program.cs).</summary>
internal static class HubBench
{
    private sealed class Room(int index)
    {
        public int Index { get; } = index;
        public List<HubConnection> Connections { get; } = [];

        /// <summary>The room's last presence change: its number, who made it (the connection's index) and when.</summary>
        public int PresenceChange;
        public int PresenceBy;
        public long PresenceSentAt;
    }

    private sealed class Figures
    {
        public readonly List<double> ChatMs = [];
        public readonly List<double> PresenceMs = [];
        public readonly List<double> InvokeMs = [];
        public long ChatsSent;
        public long ChatsDelivered;
        public long PresenceSent;
        public long PresenceDelivered;
        public long Errors;
        public volatile bool Recording;
    }

    public static async Task RunAsync(BenchServer server, int rooms, int seconds, int chatIntervalMs)
    {
        var (orgAdmin, _) = await server.SignInAsync("orgadmin@demo.local");
        var (mediator, mediatorCookies) = await server.SignInAsync("mediator@demo.local");
        var figures = new Figures();
        var all = new List<Room>();
        var setup = Stopwatch.StartNew();
        for (var i = 0; i < rooms; i++)
        {
            var room = new Room(i);
            var (caseId, parties) = await server.NewCaseAsync(orgAdmin);
            var host = await ConnectAsync(server, mediatorCookies, room, figures);
            await host.InvokeAsync<JsonElement>("Join", caseId);
            foreach (var party in parties)
            {
                var client = server.NewClient(out var cookies);
                var (token, code) = await server.InviteAsync(mediator, caseId, party, async t => (await client.PostAsJsonAsync("/api/join/code", new { token = t })).EnsureSuccessStatusCode());
                (await client.PostAsJsonAsync("/api/join/verify", new { token, code })).EnsureSuccessStatusCode();
                var connection = await ConnectAsync(server, cookies, room, figures);
                var view = await connection.InvokeAsync<JsonElement>("Join", caseId);
                await host.InvokeAsync("Admit", view.GetProperty("you").GetProperty("id").GetString(), true);
                client.Dispose();
            }

            all.Add(room);
        }

        Console.WriteLine($"{rooms} rooms ({rooms * 3} connections) set up in {setup.Elapsed.TotalSeconds:F0} s on {server.Provider}");

        // Five seconds of warm-up, then the measured phase.
        var warmUp = TimeSpan.FromSeconds(5);
        var stopAt = DateTime.UtcNow + warmUp + TimeSpan.FromSeconds(seconds);
        _ = Task.Delay(warmUp).ContinueWith(_ => figures.Recording = true, TaskScheduler.Default);
        await Task.WhenAll(all.SelectMany(room => room.Connections.Skip(1).Select((party, i) => PartyLoopAsync(room, party, i, figures, chatIntervalMs, stopAt))));
        figures.Recording = false;

        Console.WriteLine();
        Console.WriteLine($"Session hub: {rooms} rooms of a mediator and two parties, {seconds} s measured, each party chatting every {chatIntervalMs} ms (±50 %) and changing its hand every {2 * chatIntervalMs} ms; {server.Provider}");
        Console.WriteLine();
        Console.WriteLine("| traffic | sent/s | delivered/s | latency p50 ms | p95 ms | p99 ms |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|");
        Row("chat (send → each page in the room)", figures.ChatsSent, figures.ChatsDelivered, figures.ChatMs, seconds);
        Row("presence: raise hand → others told", figures.PresenceSent, figures.PresenceDelivered, figures.PresenceMs, seconds);
        Console.WriteLine($"| SendChat call (kept in the record) round trip | | | {P(figures.InvokeMs, 0.5)} | {P(figures.InvokeMs, 0.95)} | {P(figures.InvokeMs, 0.99)} |");
        Console.WriteLine();
        Console.WriteLine($"errors: {figures.Errors}");
        foreach (var connection in all.SelectMany(r => r.Connections))
        {
            await connection.DisposeAsync();
        }
    }

    private static void Row(string name, long sent, long delivered, List<double> latencies, int seconds) =>
        Console.WriteLine($"| {name} | {sent / (double)seconds:F0} | {delivered / (double)seconds:F0} | {P(latencies, 0.5)} | {P(latencies, 0.95)} | {P(latencies, 0.99)} |");

    private static string P(List<double> values, double q)
    {
        lock (values)
        {
            if (values.Count == 0)
            {
                return "–";
            }

            values.Sort();
            return values[Math.Min(values.Count - 1, (int)(q * values.Count))].ToString("F1", CultureInfo.InvariantCulture);
        }
    }

    private static async Task<HubConnection> ConnectAsync(BenchServer server, CookieContainer cookies, Room room, Figures figures)
    {
        var header = cookies.GetCookieHeader(new Uri(server.BaseUrl));
        var connection = new HubConnectionBuilder().WithUrl(new Uri(new Uri(server.BaseUrl), "/hubs/session"), o => o.Headers["Cookie"] = header).Build();
        var me = room.Connections.Count;
        var lastChange = 0;
        connection.On<JsonElement>("Chat", message =>
        {
            var parts = message.GetProperty("text").GetString()!.Split(' ');
            if (figures.Recording && parts.Length == 3 && long.TryParse(parts[2], out var sentAt))
            {
                Interlocked.Increment(ref figures.ChatsDelivered);
                lock (figures.ChatMs)
                {
                    figures.ChatMs.Add(Stopwatch.GetElapsedTime(sentAt).TotalMilliseconds);
                }
            }
        });
        connection.On("Sync", () =>
        {
            // Each change counts once per page told; the one that made it does not count itself.
            var change = Volatile.Read(ref room.PresenceChange);
            if (figures.Recording && change != lastChange && Volatile.Read(ref room.PresenceBy) != me)
            {
                lastChange = change;
                Interlocked.Increment(ref figures.PresenceDelivered);
                lock (figures.PresenceMs)
                {
                    figures.PresenceMs.Add(Stopwatch.GetElapsedTime(Volatile.Read(ref room.PresenceSentAt)).TotalMilliseconds);
                }
            }
        });
        await connection.StartAsync();
        room.Connections.Add(connection);
        return connection;
    }

    private static async Task PartyLoopAsync(Room room, HubConnection party, int partyIndex, Figures figures, int intervalMs, DateTime stopAt)
    {
        var random = new Random((room.Index * 2) + partyIndex);
        var hand = false;
        for (var round = 0; DateTime.UtcNow < stopAt; round++)
        {
            await Task.Delay(intervalMs / 2 + random.Next(intervalMs));
            try
            {
                var started = Stopwatch.GetTimestamp();
                await party.InvokeAsync("SendChat", $"负载 {room.Index} {started}", Guid.NewGuid().ToString("N"));
                if (figures.Recording)
                {
                    Interlocked.Increment(ref figures.ChatsSent);
                    lock (figures.InvokeMs)
                    {
                        figures.InvokeMs.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    }
                }

                if (round % 2 == 1)
                {
                    hand = !hand;
                    Volatile.Write(ref room.PresenceBy, partyIndex + 1); // the host is connection 0
                    Volatile.Write(ref room.PresenceSentAt, Stopwatch.GetTimestamp());
                    Interlocked.Increment(ref room.PresenceChange);
                    await party.InvokeAsync("RaiseHand", hand);
                    if (figures.Recording)
                    {
                        Interlocked.Increment(ref figures.PresenceSent);
                    }
                }
            }
            catch (Exception)
            {
                Interlocked.Increment(ref figures.Errors);
            }
        }
    }
}
