using System.Net;
using System.Text;
using Mediation.Media.Ice;
using Mediation.Media.Stun;
using Microsoft.Extensions.Time.Testing;

namespace Mediation.Media.Tests;

public class IceLiteAgentTests
{
    private static readonly IceCredentials Server = new("srvr", "serverpassword-0123456789");
    private static readonly IceCredentials Browser = new("brws", "browserpassword-012345678");
    private static readonly IPEndPoint Home = new(IPAddress.Parse("192.0.2.1"), 50000);
    private static readonly IPEndPoint Mobile = new(IPAddress.Parse("198.51.100.7"), 40000);

    private static StunMessage Request(string username, string password, bool useCandidate = false, bool fingerprint = true)
    {
        var builder = new StunMessageBuilder(StunMethod.Binding, StunClass.Request, StunMessageBuilder.NewTransactionId())
            .AddUsername(username).AddPriority(100).AddIceControlling(7);
        if (useCandidate)
        {
            builder.AddUseCandidate();
        }

        builder.AddMessageIntegrity(Encoding.UTF8.GetBytes(password));
        if (fingerprint)
        {
            builder.AddFingerprint();
        }

        StunMessage.TryParse(builder.Build(), out var message);
        return message!;
    }

    private static StunMessage Good(bool useCandidate = false) => Request("srvr:brws", Server.Pwd, useCandidate);

    [Fact]
    public void An_authenticated_request_selects_the_address_and_gets_a_signed_answer()
    {
        var agent = new IceLiteAgent(Server, Browser, new FakeTimeProvider());
        var check = agent.Handle(Good(), Home);
        Assert.Equal(IceCheckOutcome.Accepted, check.Outcome);
        Assert.True(check.SelectedChanged);
        Assert.Equal(Home, agent.Selected);
        StunMessage.TryParse(check.Response, out var response);
        Assert.Equal(StunClass.SuccessResponse, response!.Class);
        Assert.Equal(Home, response.XorMappedAddress);
        Assert.True(response.VerifyMessageIntegrity(Encoding.UTF8.GetBytes(Server.Pwd)));
        Assert.True(response.VerifyFingerprint());
    }

    [Theory]
    [InlineData("srvr:brws", "wrong-password-0123456789")]
    [InlineData("other:brws", "serverpassword-0123456789")]
    [InlineData("srvr:intruder", "serverpassword-0123456789")]
    public void Wrong_credentials_get_401_and_bind_nothing(string username, string password)
    {
        var agent = new IceLiteAgent(Server, Browser, new FakeTimeProvider());
        var check = agent.Handle(Request(username, password), Home);
        Assert.Equal(IceCheckOutcome.Unauthorized, check.Outcome);
        Assert.Null(agent.Selected);
        StunMessage.TryParse(check.Response, out var response);
        Assert.Equal(401, response!.Error!.Value.Code);
    }

    [Fact]
    public void A_request_without_fingerprint_or_integrity_is_dropped_unanswered()
    {
        var agent = new IceLiteAgent(Server, Browser, new FakeTimeProvider());
        var noFingerprint = agent.Handle(Request("srvr:brws", Server.Pwd, fingerprint: false), Home);
        Assert.Equal((IceCheckOutcome.BadRequest, (byte[]?)null), (noFingerprint.Outcome, noFingerprint.Response));

        // A request naming our live ufrag but carrying no MESSAGE-INTEGRITY: anyone can send it, from any source, so the
        // answer would go to whoever's address was forged — no answer at all.
        var bare = new StunMessageBuilder(StunMethod.Binding, StunClass.Request, StunMessageBuilder.NewTransactionId())
            .AddUsername("srvr:brws").AddPriority(100).AddFingerprint().Build();
        StunMessage.TryParse(bare, out var unsigned);
        var check = agent.Handle(unsigned!, Home);
        Assert.Equal((IceCheckOutcome.BadRequest, (byte[]?)null), (check.Outcome, check.Response));
        Assert.Null(agent.Selected);
    }

    [Fact]
    public void Only_a_nomination_moves_the_selected_address()
    {
        var agent = new IceLiteAgent(Server, Browser, new FakeTimeProvider());
        agent.Handle(Good(), Home);
        Assert.False(agent.Handle(Good(), Mobile).SelectedChanged);
        Assert.Equal(Home, agent.Selected);
        Assert.True(agent.Handle(Good(useCandidate: true), Mobile).SelectedChanged);
        Assert.Equal(Mobile, agent.Selected);
    }

    [Fact]
    public void Consent_expires_thirty_seconds_after_the_last_check_from_the_selected_address()
    {
        var time = new FakeTimeProvider();
        var agent = new IceLiteAgent(Server, Browser, time);
        agent.Handle(Good(), Home);
        time.Advance(TimeSpan.FromSeconds(25));
        agent.Handle(Good(), Mobile); // not the selected address: refreshes nothing
        time.Advance(TimeSpan.FromSeconds(5.5));
        Assert.True(agent.ConsentExpired);
        agent.Handle(Good(), Home);
        Assert.False(agent.ConsentExpired);
    }

    [Fact]
    public void After_an_ice_restart_only_the_new_credentials_work()
    {
        var agent = new IceLiteAgent(Server, Browser, new FakeTimeProvider());
        agent.Handle(Good(), Home);
        var newServer = new IceCredentials("srv2", "newserverpassword-0123456");
        agent.Restart(newServer, new IceCredentials("brw2", "newbrowserpassword-012345"));
        Assert.Equal(IceCheckOutcome.Unauthorized, agent.Handle(Good(useCandidate: true), Mobile).Outcome);
        var check = agent.Handle(Request("srv2:brw2", newServer.Pwd, useCandidate: true), Mobile);
        Assert.Equal(IceCheckOutcome.Accepted, check.Outcome);
        Assert.Equal(Mobile, agent.Selected);
    }
}
