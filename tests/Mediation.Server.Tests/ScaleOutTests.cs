using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mediation.Server.Sessions;
using Mediation.Testing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace Mediation.Server.Tests;

/// <summary>
/// Two server processes over one PostgreSQL database and one redis-server, as a two-node deployment: a party
/// connected to each node, both in the same case's session. Presence (the session's state is in the database) and
/// chat (SignalR over the Redis backplane) are shared; media stays with each node's router (README: scale-out).
/// </summary>
public sealed class ScaleOutTests
{
    private const string DemoPassword = "Demo@2026!";

    /// <summary>Two nodes over one database and one Redis, the case's mediator and applicant connected to node 1 and the
    /// respondent to node 2, everyone admitted to the demo case's session.</summary>
    private sealed class TwoNodes : IAsyncDisposable
    {
        public required PostgresDatabase Database { get; init; }
        public required RedisServer Redis { get; init; }
        public required List<IAsyncDisposable> Owned { get; init; }
        public required HttpClient Mediator { get; init; }
        public required Guid CaseId { get; init; }
        public required HubConnection Host { get; init; }
        public required HubConnection OnNode1 { get; init; }
        public required HubConnection OnNode2 { get; init; }
        public required RoomView Applicant { get; init; }
        public required RoomView Respondent { get; init; }
        public required string Url2 { get; init; }
        public required HttpClient RespondentClient { get; init; }

        public async ValueTask DisposeAsync()
        {
            foreach (var owned in Enumerable.Reverse(Owned))
            {
                await owned.DisposeAsync();
            }
        }
    }

    private static async Task<TwoNodes> TwoNodesAsync(List<TemporaryDirectory> directories)
    {
        var owned = new List<IAsyncDisposable>();
        var database = await PostgresDatabase.CreateAsync();
        owned.Add(database);
        var redis = await RedisServer.StartAsync();
        owned.Add(redis);
        var (data1, data2, secrets) = (new TemporaryDirectory(), new TemporaryDirectory(), new TemporaryDirectory());
        directories.AddRange([data1, data2, secrets]);
        var keyRing = KeyRingCertificate.WriteTo(secrets);
        var (url1, url2) = (Loopback.FreeUrl(), Loopback.FreeUrl());
        string[] Shared(TemporaryDirectory data) =>
            [$"--ConnectionStrings:Mediation={database.ConnectionString}", $"--Storage:DataDirectory={data.Path}", $"--Redis:Configuration={redis.Configuration}", "--Media:Port=0",
                $"--DataProtection:CertificatePath={keyRing}"];

        var node1 = ServerProcess.Start(["--urls", url1, .. Shared(data1)]);
        owned.Add(node1);
        await node1.WaitUntilHealthyAsync(url1 + "/healthz", TimeSpan.FromSeconds(90));
        // Both parties redeem node 1's printed invites (node 2's start would withdraw unredeemed ones).
        var invites = (await node1.DemoInviteLinksAsync(TimeSpan.FromSeconds(30))).ToDictionary(i => i.Key, i => i.Value[(i.Value.IndexOf('#', StringComparison.Ordinal) + 1)..]);
        var mediator = await SignInAsync(url1, "mediator@demo.local");
        var admin = await SignInAsync(url1, "orgadmin@demo.local");
        var applicant = await RedeemAsync(url1, admin, invites["Applicant"]);
        var respondent = await RedeemAsync(url1, admin, invites["Respondent"]);
        var node2 = ServerProcess.Start(["--urls", url2, .. Shared(data2)]);
        owned.Add(node2);
        await node2.WaitUntilHealthyAsync(url2 + "/healthz", TimeSpan.FromSeconds(90));

        var caseId = JsonDocument.Parse(await mediator.GetStringAsync("/api/cases")).RootElement.GetProperty("items").EnumerateArray()
            .First(c => c.GetProperty("number").GetString() == "劳调〔2026〕第0001号").GetProperty("id").GetGuid();
        var host = await HubAsync(url1, mediator);
        var onNode1 = await HubAsync(url1, applicant);
        var onNode2 = await HubAsync(url2, respondent); // the same party session, read by the other node
        owned.AddRange([host, onNode1, onNode2]);
        await host.InvokeAsync<RoomView>("Join", caseId);
        var a = await onNode1.InvokeAsync<RoomView>("Join", caseId);
        var r = await onNode2.InvokeAsync<RoomView>("Join", caseId);
        await host.InvokeAsync("Admit", a.You!.Id, true);
        await host.InvokeAsync("Admit", r.You!.Id, true);
        return new TwoNodes
        {
            Database = database,
            Redis = redis,
            Owned = owned,
            Mediator = mediator,
            CaseId = caseId,
            Host = host,
            OnNode1 = onNode1,
            OnNode2 = onNode2,
            Applicant = a,
            Respondent = r,
            Url2 = url2,
            RespondentClient = respondent,
        };
    }

    [Fact]
    public async Task Two_parties_on_two_nodes_share_presence_and_chat()
    {
        var directories = new List<TemporaryDirectory>();
        await using var nodes = await TwoNodesAsync(directories);
        var (onNode1, onNode2, a, r) = (nodes.OnNode1, nodes.OnNode2, nodes.Applicant, nodes.Respondent);
        var heardOnNode2 = new TaskCompletionSource<ChatMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        var heardOnNode1 = new TaskCompletionSource<ChatMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        var syncedOnNode2 = 0;
        onNode2.On<ChatMessage>("Chat", m => heardOnNode2.TrySetResult(m));
        onNode1.On<ChatMessage>("Chat", m => { if (m.FromName != "李明") { heardOnNode1.TrySetResult(m); } });
        onNode2.On("Sync", () => Interlocked.Increment(ref syncedOnNode2));
        await nodes.Host.InvokeAsync("RaiseHand", false);

        // Node 1's announcement reached the page on node 2, whose view (read on node 2) shows it admitted beside
        // the applicant connected to node 1.
        await WaitUntilAsync(() => Volatile.Read(ref syncedOnNode2) > 0);
        var seenOnNode2 = await onNode2.InvokeAsync<RoomView>("Refresh");
        Assert.Equal("Admitted", seenOnNode2.You!.Status);
        Assert.Contains(seenOnNode2.Attendees, x => x.Id == a.You!.Id && x.Connected && x.Status == "Admitted");
        var seenOnNode1 = await onNode1.InvokeAsync<RoomView>("Refresh");
        Assert.Contains(seenOnNode1.Attendees, x => x.Id == r.You!.Id && x.Connected);

        await onNode1.InvokeAsync("SendChat", "您好，我在一号节点", Guid.NewGuid().ToString("N"));
        Assert.Equal("您好，我在一号节点", (await heardOnNode2.Task.WaitAsync(TimeSpan.FromSeconds(10))).Text);
        await onNode2.InvokeAsync("SendChat", "收到，我在二号节点", Guid.NewGuid().ToString("N"));
        Assert.Equal("收到，我在二号节点", (await heardOnNode1.Task.WaitAsync(TimeSpan.FromSeconds(10))).Text);

        // Leaving on node 2 is seen on node 1.
        await onNode2.InvokeAsync("Leave");
        await WaitUntilAsync(() => !onNode1.InvokeAsync<RoomView>("Refresh").Result.Attendees.Single(x => x.Id == r.You!.Id).Connected);
        directories.ForEach(d => d.Dispose());
    }

    [Fact]
    public async Task With_redis_down_one_node_keeps_talking_a_line_is_recorded_only_when_delivered_and_once_when_sent_again()
    {
        var directories = new List<TemporaryDirectory>();
        await using var nodes = await TwoNodesAsync(directories);
        var heard = new Dictionary<string, List<string>> { ["host"] = [], ["applicant"] = [], ["respondent"] = [] };
        foreach (var (name, connection) in new[] { ("host", nodes.Host), ("applicant", nodes.OnNode1), ("respondent", nodes.OnNode2) })
        {
            connection.On<ChatMessage>("Chat", m => { lock (heard) { heard[name].Add(m.Id + ":" + m.Text); } });
        }

        // The mediator takes the applicant aside: both on node 1, the respondent alone on node 2.
        await nodes.Host.InvokeAsync("StartCaucus", "Applicant");
        await nodes.Redis.StopAsync();

        // Between the two on node 1, chat goes on without Redis, and is recorded.
        var aside = Guid.NewGuid().ToString("N");
        await nodes.OnNode1.InvokeAsync("SendChat", "单独沟通：不需要Redis", aside);
        await WaitUntilAsync(() => { lock (heard) { return heard["host"].Contains(aside + ":单独沟通：不需要Redis"); } }, "the private line between two people on node 1");

        // Back in the joint room, a line cannot reach the respondent on node 2: refused, not recorded.
        await nodes.Host.InvokeAsync("EndCaucus");
        var joint = Guid.NewGuid().ToString("N");
        var refused = await Assert.ThrowsAsync<HubException>(() => nodes.OnNode1.InvokeAsync("SendChat", "联合调解室：Redis中断时", joint));
        Assert.Contains("chat-not-delivered", refused.Message, StringComparison.Ordinal);

        // A page reloading on node 2 while Redis is away cannot open a new connection there (SignalR subscribes each
        // connection on Redis); it keeps trying, as the page does, and gets in once Redis is back.
        await nodes.Redis.StartAgainAsync();
        HubConnection? reloaded = null;
        // Redis back: each node reconnects (every second) and SignalR subscribes its groups again; on a loaded
        // machine that has taken more than fifteen seconds.
        await WaitUntilAsync(() =>
        {
            reloaded = TryConnectAndJoin(nodes.Url2, nodes.RespondentClient, nodes.CaseId);
            return reloaded is not null;
        }, "a new connection on node 2 after Redis came back", 40);
        await using var back = reloaded!;
        back.On<ChatMessage>("Chat", m => { lock (heard) { heard["respondent"].Add(m.Id + ":" + m.Text); } });

        // Sent again with the same id once Redis is back: delivered to everyone, recorded once.
        await WaitUntilAsync(() => TrySend(nodes.OnNode1, "联合调解室：Redis中断时", joint), "the line sent again from node 1", 40);
        await WaitUntilAsync(() => { lock (heard) { return heard["respondent"].Contains(joint + ":联合调解室：Redis中断时"); } }, "the line heard on node 2", 40);
        var record = JsonDocument.Parse(await nodes.Mediator.GetStringAsync($"/api/cases/{nodes.CaseId}/record")).RootElement.GetProperty("lines")
            .EnumerateArray().Select(l => l.GetProperty("text").GetString()!).ToList();
        Assert.Single(record, l => l.Contains("单独沟通：不需要Redis", StringComparison.Ordinal));
        Assert.Single(record, l => l.Contains("联合调解室：Redis中断时", StringComparison.Ordinal));
        directories.ForEach(d => d.Dispose());
    }

    private static HubConnection? TryConnectAndJoin(string url, HttpClient client, Guid caseId)
    {
        // Until the node's Redis connection is back, the handshake itself can fail (the server answers the WebSocket
        // with 500: SignalR cannot subscribe the connection), as can the join: either is one more try.
        HubConnection? connection = null;
        try
        {
            connection = HubAsync(url, client).GetAwaiter().GetResult();
            connection.InvokeAsync<RoomView>("Join", caseId).GetAwaiter().GetResult();
            return connection;
        }
        catch (Exception e) when (e is HubException or InvalidOperationException or IOException or HttpRequestException)
        {
            connection?.DisposeAsync().AsTask().GetAwaiter().GetResult();
            return null;
        }
    }

    private static bool TrySend(HubConnection connection, string text, string id)
    {
        try
        {
            connection.InvokeAsync("SendChat", text, id).GetAwaiter().GetResult();
            return true;
        }
        catch (HubException)
        {
            return false;
        }
    }

    private static readonly Dictionary<HttpClient, CookieContainer> Jars = [];

    private static HttpClient NewClient(string url)
    {
        var jar = new CookieContainer();
        var client = new HttpClient(new HttpClientHandler { CookieContainer = jar }) { BaseAddress = new Uri(url) };
        lock (Jars)
        {
            Jars[client] = jar;
        }

        return client;
    }

    private static async Task<HttpClient> SignInAsync(string url, string email)
    {
        var client = NewClient(url);
        (await client.PostAsJsonAsync("/api/auth/sign-in", new { email, password = DemoPassword })).EnsureSuccessStatusCode();
        return client;
    }

    private static async Task<HttpClient> RedeemAsync(string url, HttpClient mediator, string token)
    {
        var client = NewClient(url);
        var preview = JsonDocument.Parse(await (await client.PostAsJsonAsync("/api/join/preview", new { token })).Content.ReadAsStringAsync()).RootElement;
        (await client.PostAsJsonAsync("/api/join/code", new { token })).EnsureSuccessStatusCode();
        var phoneTail = preview.GetProperty("phoneMasked").GetString()![^4..];
        var sms = JsonDocument.Parse(await mediator.GetStringAsync("/api/dev/sms")).RootElement.EnumerateArray()
            .First(m => m.GetProperty("phone").GetString()!.EndsWith(phoneTail, StringComparison.Ordinal));
        var code = DemoSms.CodeIn(sms.GetProperty("text").GetString()!);
        (await client.PostAsJsonAsync("/api/join/verify", new { token, code })).EnsureSuccessStatusCode();
        return client;
    }

    /// <summary>A hub connection on <paramref name="url"/> carrying <paramref name="client"/>'s session cookie (made by
    /// whichever node it signed in on: the nodes share their data-protection keys through the database).</summary>
    private static async Task<HubConnection> HubAsync(string url, HttpClient client)
    {
        CookieContainer jar;
        lock (Jars)
        {
            jar = Jars[client];
        }

        var cookies = jar.GetCookieHeader(client.BaseAddress!);
        var connection = new HubConnectionBuilder()
            .WithUrl(new Uri(new Uri(url), "/hubs/session"), o => o.Headers["Cookie"] = cookies)
            .Build();
        await connection.StartAsync();
        return connection;
    }

    /// <summary>Waits for <paramref name="condition"/>; a failure names the <paramref name="step"/> that did not come.</summary>
    private static async Task WaitUntilAsync(Func<bool> condition, string step = "condition", int seconds = 15)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, $"{step}: not met in {seconds} s");
            await Task.Delay(50);
        }
    }
}
