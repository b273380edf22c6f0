using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Mediation.Server.Sessions;
using Mediation.Testing;
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

    [Fact]
    public async Task Two_parties_on_two_nodes_share_presence_and_chat()
    {
        await using var database = await PostgresDatabase.CreateAsync();
        await using var redis = await RedisServer.StartAsync();
        using var data1 = new TemporaryDirectory();
        using var data2 = new TemporaryDirectory();
        using var secrets = new TemporaryDirectory();
        var keyRing = KeyRingCertificate.WriteTo(secrets);
        var (url1, url2) = (Loopback.FreeUrl(), Loopback.FreeUrl());
        string[] Shared(TemporaryDirectory data) =>
            [$"--ConnectionStrings:Mediation={database.ConnectionString}", $"--Storage:DataDirectory={data.Path}", $"--Redis:Configuration={redis.Configuration}", "--Media:Port=0",
                $"--DataProtection:CertificatePath={keyRing}"];

        await using var node1 = ServerProcess.Start(["--urls", url1, .. Shared(data1)]);
        await node1.WaitUntilHealthyAsync(url1 + "/healthz", TimeSpan.FromSeconds(90));
        // Both parties redeem node 1's printed invites (node 2's start would withdraw unredeemed ones).
        var invites = (await node1.DemoInviteLinksAsync(TimeSpan.FromSeconds(30))).ToDictionary(i => i.Key, i => i.Value[(i.Value.IndexOf('#', StringComparison.Ordinal) + 1)..]);
        var mediator = await SignInAsync(url1, "mediator@demo.local");
        var applicant = await RedeemAsync(url1, mediator, invites["Applicant"]);
        var respondent = await RedeemAsync(url1, mediator, invites["Respondent"]);
        await using var node2 = ServerProcess.Start(["--urls", url2, .. Shared(data2)]);
        await node2.WaitUntilHealthyAsync(url2 + "/healthz", TimeSpan.FromSeconds(90));

        var caseId = JsonDocument.Parse(await mediator.GetStringAsync("/api/cases")).RootElement.GetProperty("items").EnumerateArray()
            .First(c => c.GetProperty("number").GetString() == "劳调〔2026〕第0001号").GetProperty("id").GetGuid();
        await using var host = await HubAsync(url1, mediator);
        await using var onNode1 = await HubAsync(url1, applicant);
        await using var onNode2 = await HubAsync(url2, respondent); // the same party session, read by the other node
        var heardOnNode2 = new TaskCompletionSource<ChatMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        var heardOnNode1 = new TaskCompletionSource<ChatMessage>(TaskCreationOptions.RunContinuationsAsynchronously);
        var syncedOnNode2 = 0;
        onNode2.On<ChatMessage>("Chat", m => heardOnNode2.TrySetResult(m));
        onNode1.On<ChatMessage>("Chat", m => { if (m.FromName != "李明") { heardOnNode1.TrySetResult(m); } });
        onNode2.On("Sync", () => Interlocked.Increment(ref syncedOnNode2));

        await host.InvokeAsync<RoomView>("Join", caseId);
        var a = await onNode1.InvokeAsync<RoomView>("Join", caseId);
        var r = await onNode2.InvokeAsync<RoomView>("Join", caseId);
        await host.InvokeAsync("Admit", a.You!.Id, true);
        await host.InvokeAsync("Admit", r.You!.Id, true);

        // Node 1's announcement reached the page on node 2, whose view (read on node 2) shows it admitted beside
        // the applicant connected to node 1.
        await WaitUntilAsync(() => Volatile.Read(ref syncedOnNode2) > 0);
        var seenOnNode2 = await onNode2.InvokeAsync<RoomView>("Refresh");
        Assert.Equal("Admitted", seenOnNode2.You!.Status);
        Assert.Contains(seenOnNode2.Attendees, x => x.Id == a.You.Id && x.Connected && x.Status == "Admitted");
        var seenOnNode1 = await onNode1.InvokeAsync<RoomView>("Refresh");
        Assert.Contains(seenOnNode1.Attendees, x => x.Id == r.You.Id && x.Connected);

        await onNode1.InvokeAsync("SendChat", "您好，我在一号节点", Guid.NewGuid().ToString("N"));
        Assert.Equal("您好，我在一号节点", (await heardOnNode2.Task.WaitAsync(TimeSpan.FromSeconds(10))).Text);
        await onNode2.InvokeAsync("SendChat", "收到，我在二号节点", Guid.NewGuid().ToString("N"));
        Assert.Equal("收到，我在二号节点", (await heardOnNode1.Task.WaitAsync(TimeSpan.FromSeconds(10))).Text);

        // Leaving on node 2 is seen on node 1.
        await onNode2.InvokeAsync("Leave");
        await WaitUntilAsync(() => !onNode1.InvokeAsync<RoomView>("Refresh").Result.Attendees.Single(x => x.Id == r.You.Id).Connected);
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

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met in time");
            await Task.Delay(50);
        }
    }
}
