using MassTransit.Testing;
using Sms.Contracts.Compliance;
using Sms.Contracts.Outbound;
using Sms.Outbound.Tests.Support;
using Sms.Testing;

namespace Sms.Outbound.Tests.Carriers;

/// <summary>
/// SmsApproved through the consumer (test harness, real Redis) with one number routed to Twilio: each send goes to the
/// carrier of its sending number, and events name that carrier. Both carriers are real local HTTP servers.
/// </summary>
public class ProviderSelectionTests : OutboundFixture
{
    private const string TwilioNumber = "+15550100001";

    private ConsumerHarness harness = null!;

    [SetUp]
    public async Task StartHarness()
    {
        var settings = Twilio.Settings();
        settings["Carriers:Numbers:" + TwilioNumber] = "twilio";
        settings["Vonage:ApiKey"] = $"sel{Guid.NewGuid():N}"[..16];
        settings["Outbound:Resilience:MaxRetryAttempts"] = "0";
        harness = await StartConsumersAsync(settings, new ConsumerHarnessOptions { InactivityTimeout = TimeSpan.FromSeconds(2) }, timeoutSeconds: 2);
    }

    private static SmsApproved Approved(string? from) => new()
    {
        Request = new SendSms
        {
            MessageId = Guid.NewGuid(),
            To = TestNumbers.Unique(),
            From = from,
            Text = "Your parcel arrives tomorrow between 9 and 12.",
            Category = SmsCategory.Transactional,
        },
        ApprovedAt = DateTimeOffset.UtcNow,
    };

    private async Task<T> PublishedAsync<T>(Func<T, bool> match) where T : class
    {
        var published = await harness.Bus.Published.SelectAsync<T>(m => match(m.Context.Message)).FirstOrDefault();
        Assert.That(published, Is.Not.Null, $"no {typeof(T).Name} published");
        return published!.Context.Message;
    }

    [Test]
    public async Task A_send_from_a_twilio_number_goes_out_through_twilio_and_SmsSent_names_it()
    {
        var approved = Approved(TwilioNumber);
        await harness.Bus.Bus.Publish(approved);

        var sent = await PublishedAsync<SmsSent>(s => s.Request.MessageId == approved.Request.MessageId);
        Assert.Multiple(() =>
        {
            Assert.That(sent.Provider, Is.EqualTo("twilio"));
            Assert.That(sent.From, Is.EqualTo(TwilioNumber));
            Assert.That(sent.ProviderMessageIds.Single(), Does.StartWith("SM"));
            Assert.That(Twilio.Requests.Count(r => r.Request.Form["To"] == approved.Request.To), Is.EqualTo(1));
            Assert.That(Vonage.RequestsFor(approved.Request.MessageId), Is.Empty);
        });
    }

    [Test]
    public async Task A_send_from_another_number_or_none_stays_on_vonage()
    {
        var unnamed = Approved(null);
        var other = Approved("+15550100002");
        await harness.Bus.Bus.Publish(unnamed);
        await harness.Bus.Bus.Publish(other);

        var first = await PublishedAsync<SmsSent>(s => s.Request.MessageId == unnamed.Request.MessageId);
        var second = await PublishedAsync<SmsSent>(s => s.Request.MessageId == other.Request.MessageId);
        Assert.Multiple(() =>
        {
            Assert.That(first.Provider, Is.EqualTo("vonage"));
            Assert.That(first.From, Is.EqualTo(OutboundServices.DefaultFrom));
            Assert.That(second.Provider, Is.EqualTo("vonage"));
            Assert.That(Vonage.RequestsFor(unnamed.Request.MessageId).Count(), Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Twilio_error_21610_ends_as_SmsSendFailed_with_the_code_Compliance_reads_as_a_carrier_opt_out()
    {
        Twilio.Answer = _ => FakeTwilio.Error(400, 21610, "Attempt to send to unsubscribed recipient");
        var approved = Approved(TwilioNumber);
        await harness.Bus.Bus.Publish(approved);

        var failed = await PublishedAsync<SmsSendFailed>(f => f.Request.MessageId == approved.Request.MessageId);
        Assert.Multiple(() =>
        {
            // Compliance's CarrierOptOutSignals default: "twilio:21610".
            Assert.That($"{failed.Provider}:{failed.ErrorCode}", Is.EqualTo("twilio:21610"));
            Assert.That(failed.Retryable, Is.False);
            Assert.That(failed.Reason, Does.Contain("Unsubscribed recipient"));
        });
    }
}
