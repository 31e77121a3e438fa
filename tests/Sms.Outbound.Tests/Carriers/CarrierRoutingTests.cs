using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Sms.Outbound.Carriers;
using Sms.Outbound.Extensions;
using Sms.Outbound.Tests.Support;

namespace Sms.Outbound.Tests.Carriers;

/// <summary>Which carrier each sending number uses, and the routing settings the service refuses to start with.</summary>
public class CarrierRoutingTests
{
    private static CarrierRoutingOptions Routing(string defaultProvider = "vonage", params (string Number, string Provider)[] numbers) => new()
    {
        DefaultProvider = defaultProvider,
        Numbers = numbers.ToDictionary(n => n.Number, n => n.Provider, StringComparer.OrdinalIgnoreCase),
    };

    [TestCase("+15550100001", "twilio", Description = "listed with +")]
    [TestCase("15550100001", "twilio", Description = "written without +")]
    [TestCase("+1 555 010 0001", "twilio", Description = "written with spaces")]
    [TestCase("acme", "twilio", Description = "a sender id, any case")]
    [TestCase("+15550100002", "vonage", Description = "not listed: the default")]
    [TestCase(null, "vonage", Description = "no sender: the default")]
    [TestCase("", "vonage")]
    public void A_sender_goes_out_through_its_listed_provider_else_the_default(string? sender, string expected)
    {
        var routing = Routing("Vonage", ("15550100001", "Twilio"), ("ACME", "twilio"));
        Assert.That(CarrierRouting.ProviderFor(sender, routing), Is.EqualTo(expected));
    }

    [Test]
    public void An_unknown_provider_name_is_a_problem_naming_the_setting()
    {
        var problems = CarrierRouting.Problems(Routing("sinch", ("+15550100001", "twillio")));
        Assert.Multiple(() =>
        {
            Assert.That(problems, Has.Count.EqualTo(2));
            Assert.That(problems[0], Does.Contain("Carriers:DefaultProvider 'sinch'"));
            Assert.That(problems[1], Does.Contain("Carriers:Numbers:+15550100001").And.Contain("twillio"));
        });
    }

    [Test]
    public void One_number_given_to_two_providers_is_a_problem() =>
        Assert.That(CarrierRouting.Problems(Routing("vonage", ("+15550100001", "twilio"), ("15550100001", "vonage"))),
            Has.One.Contains("the same sender"));

    private static ServiceProvider Outbound(params (string Key, string? Value)[] settings) =>
        OutboundServices.Create("http://127.0.0.1:9", settings: settings.ToDictionary(s => s.Key, s => s.Value)).BuildServiceProvider();

    [Test]
    public void An_unknown_provider_stops_the_start()
    {
        using var provider = Outbound(("Carriers:DefaultProvider", "sinch"));
        var failure = Assert.Throws<OptionsValidationException>(() => _ = provider.GetRequiredService<IOptions<CarrierRoutingOptions>>().Value);
        Assert.That(failure!.Message, Does.Contain("Carriers:DefaultProvider 'sinch'"));
    }

    [Test]
    public void Twilio_settings_are_not_required_while_no_number_uses_Twilio()
    {
        using var provider = Outbound();
        Assert.That(provider.GetRequiredService<IOptions<TwilioOptions>>().Value.AccountSid, Is.Empty);
    }

    [Test]
    public void A_number_routed_to_Twilio_requires_its_settings()
    {
        using var provider = Outbound(("Carriers:Numbers:+15550100001", "twilio"));
        var failure = Assert.Throws<OptionsValidationException>(() => _ = provider.GetRequiredService<IOptions<TwilioOptions>>().Value);
        Assert.That(failure!.Message, Does.Contain("Twilio:AccountSid").And.Contain("Twilio:AuthToken"));
    }

    [Test]
    public void Twilio_as_the_default_provider_requires_its_default_sender_and_frees_Vonage()
    {
        using var provider = Outbound(("Carriers:DefaultProvider", "twilio"), ("Twilio:AccountSid", FakeTwilio.AccountSid),
            ("Twilio:AuthToken", "t"), ("Vonage:ApiKey", null), ("Vonage:ApiSecret", null), ("Vonage:DefaultFrom", null));
        var failure = Assert.Throws<OptionsValidationException>(() => _ = provider.GetRequiredService<IOptions<TwilioOptions>>().Value);
        Assert.Multiple(() =>
        {
            Assert.That(failure!.Message, Does.Contain("Twilio:DefaultFrom is required"));
            Assert.That(provider.GetRequiredService<IOptions<VonageOptions>>().Value.ApiKey, Is.Null.Or.Empty, "Vonage is not used, so not checked");
        });
    }

    [Test]
    public void The_default_providers_default_sender_routed_elsewhere_stops_the_start()
    {
        using var provider = Outbound(("Carriers:Numbers:" + OutboundServices.DefaultFrom, "twilio"),
            ("Twilio:AccountSid", FakeTwilio.AccountSid), ("Twilio:AuthToken", "t"));
        var failure = Assert.Throws<OptionsValidationException>(() => _ = provider.GetRequiredService<IOptions<VonageOptions>>().Value);
        Assert.That(failure!.Message, Does.Contain("Vonage:DefaultFrom").And.Contain("routes it to twilio"));
    }

    [Test]
    public async Task The_clients_are_chosen_by_the_sending_number()
    {
        var services = OutboundServices.Create("http://127.0.0.1:9", settings: new Dictionary<string, string?>
        {
            ["Carriers:Numbers:+15550100001"] = "twilio", ["Twilio:AccountSid"] = FakeTwilio.AccountSid, ["Twilio:AuthToken"] = "t",
        });
        // The clients' rate limiter needs Redis; it is not called here.
        services.AddSingleton(await Sms.Testing.TestRedis.GetAsync());
        await using var provider = services.BuildServiceProvider();
        using var scope = provider.CreateScope();
        var clients = scope.ServiceProvider.GetRequiredService<ICarrierClients>();
        Assert.Multiple(() =>
        {
            Assert.That(clients.For("+15550100001").Provider, Is.EqualTo("twilio"));
            Assert.That(clients.For("+15550100001").Account, Is.EqualTo(FakeTwilio.AccountSid), "the Twilio account's rate limit applies");
            Assert.That(clients.For("+15550100002").Provider, Is.EqualTo("vonage"));
            Assert.That(clients.For(null).DefaultSender, Is.EqualTo(OutboundServices.DefaultFrom));
        });
    }
}
