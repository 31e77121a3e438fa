using MassTransit;
using MassTransit.Testing;
using Sms.Compliance.Consent;
using Sms.Compliance.Data;
using Sms.Compliance.Tests.Support;
using Sms.Contracts.Compliance;
using Sms.Contracts.Outbound;
using Sms.ServiceDefaults.Messaging;
using Sms.Testing;

namespace Sms.Compliance.Tests.Consumers;

/// <summary>
/// A send the carrier refused because the recipient opted out there (Twilio 21610), reported by Outbound as
/// <see cref="SmsSendFailed"/>: on the harness with the real ledger and cache.
/// </summary>
public class SendFailedCarrierSignalTests : ComplianceConsumerFixture
{
    private const string AcmeReminders = "+447700900630";
    private const string AcmeOffers = "+447700900631";
    private const string GlobexNumber = "+447700900632";

    protected override ConsumerHarnessOptions HarnessOptions() => new()
    {
        Settings = new Dictionary<string, string?>
        {
            ["Compliance:Brands:acme:Numbers:0"] = AcmeReminders,
            ["Compliance:Brands:acme:Numbers:1"] = AcmeOffers,
            ["Compliance:Brands:globex:Numbers:0"] = GlobexNumber,
            ["Compliance:DefaultSender"] = GlobexNumber,
        },
    };

    [Test]
    public async Task A_Twilio_refusal_with_21610_opts_the_number_out_of_the_senders_brand_and_later_sends_of_the_brand_are_suppressed()
    {
        var failed = Failed("twilio", "21610", from: AcmeReminders);

        await Harness.Bus.Publish(failed);

        var optOut = await Harness.PublishedEventuallyAsync<OptOutRecorded>(m => m.Number == Customer);
        Assert.That(optOut, Is.Not.Null, "OptOutRecorded published");
        var history = await HistoryAsync("acme");
        Assert.Multiple(() =>
        {
            Assert.That(optOut!.Scope, Is.EqualTo("acme"));
            Assert.That(optOut.Source, Is.EqualTo(ConsentSource.CarrierSignal));
            Assert.That(optOut.Rule, Is.EqualTo("carrier:twilio:21610"));
            Assert.That(optOut.InboundMessageId, Is.Null, "the evidence is our own send, not an inbound message");
            Assert.That(optOut.RecordedAt, Is.EqualTo(history.Single().RecordedAt));
            Assert.That(history.Single(), Has.Property(nameof(ConsentEvent.Kind)).EqualTo(ConsentKind.OptOut)
                .And.Property(nameof(ConsentEvent.Source)).EqualTo(ConsentSource.CarrierSignal)
                .And.Property(nameof(ConsentEvent.EvidenceMessageId)).EqualTo(failed.Request.MessageId)
                .And.Property(nameof(ConsentEvent.OccurredAt)).EqualTo(failed.FailedAt));
            Assert.That(history.Single().EvidenceText, Does.Contain("21610").And.Contain("Attempt to send to unsubscribed recipient"));
        });

        var fromOtherAcmeNumber = Send(AcmeOffers);
        var fromGlobex = Send(GlobexNumber);
        await Harness.Bus.Publish(fromOtherAcmeNumber);
        await Harness.Bus.Publish(fromGlobex);
        Assert.That((await Harness.PublishedEventuallyAsync<SmsSuppressed>(m => m.Request.MessageId == fromOtherAcmeNumber.MessageId))?.Reason,
            Is.EqualTo(SuppressionReason.OptedOut), "every number of the brand");
        Assert.That(await Harness.PublishedEventuallyAsync<SmsApproved>(m => m.Request.MessageId == fromGlobex.MessageId), Is.Not.Null,
            "another brand is not covered");
        Assert.That(await Harness.Published.Any<SendSms>(m => m.Context.Message.To == Customer && m.Context.Message.Category == SmsCategory.Compliance),
            Is.False, "no confirmation: the carrier blocks the number");
    }

    [Test]
    public async Task A_refusal_redelivered_records_one_row_and_publishes_the_same_event_again()
    {
        var failed = Failed("twilio", "21610", from: AcmeReminders);

        await Harness.Bus.Publish(failed);
        await Harness.Bus.Publish(failed);
        await WaitForConsumedAsync<SmsSendFailed>(m => m.Request.MessageId == failed.Request.MessageId, count: 2);
        // The second one may still be between its consume and its publishes.
        await Harness.InactivityTask;

        var events = Published.Of<OptOutRecorded>().Where(p => p.Message.Number == Customer).ToList();
        Assert.Multiple(async () =>
        {
            Assert.That(await HistoryAsync("acme"), Has.Count.EqualTo(1));
            Assert.That(events, Has.Count.EqualTo(2));
            Assert.That(events.Select(e => e.MessageId).Distinct(), Is.EqualTo(new Guid?[]
            {
                MessageIds.Derive(MessageIds.Derive(failed.Request.MessageId, CarrierOptOuts.Purpose), ConsentRecorder.OptOutRecordedPurpose),
            }), "one id, derived from the send, so consumers de-duplicate");
            Assert.That(events.Select(e => e.Message).Distinct().Count(), Is.EqualTo(1), "the same event both times");
        });
    }

    [Test]
    public async Task A_refused_send_without_a_sender_opts_out_of_the_default_senders_brand()
    {
        await Harness.Bus.Publish(Failed("twilio", "21610", from: null));

        var optOut = await Harness.PublishedEventuallyAsync<OptOutRecorded>(m => m.Number == Customer);
        Assert.That(optOut?.Scope, Is.EqualTo("globex"));
        Assert.That(await HistoryAsync("globex"), Has.Count.EqualTo(1));
    }

    [TestCase("vonage", "9", Description = "Vonage's send status 9 is a quota violation")]
    [TestCase("twilio", "21211", Description = "invalid 'To' number")]
    [TestCase("twilio", null)]
    public async Task A_refusal_for_another_reason_changes_no_consent(string provider, string? code)
    {
        var failed = Failed(provider, code, from: AcmeReminders);

        await Harness.Bus.Publish(failed);

        Assert.That(await Harness.Consumed.Any<SmsSendFailed>(m => m.Context.Message.Request.MessageId == failed.Request.MessageId), Is.True);
        await Harness.InactivityTask;
        Assert.Multiple(async () =>
        {
            Assert.That(await HistoryAsync("acme"), Is.Empty);
            Assert.That(Published.Of<OptOutRecorded>().Any(p => p.Message.Number == Customer), Is.False);
        });
    }

    private SmsSendFailed Failed(string provider, string? code, string? from) => new()
    {
        Request = new SendSms
        {
            MessageId = Guid.NewGuid(),
            To = Customer,
            From = from,
            Text = "Your appointment is tomorrow at 10:00.",
            Category = SmsCategory.Transactional,
        },
        Provider = provider,
        ErrorCode = code,
        Reason = code == "21610" ? "Attempt to send to unsubscribed recipient" : "Refused",
        Retryable = false,
        FailedAt = new DateTimeOffset(DateTimeOffset.UtcNow.AddSeconds(-5).UtcTicks / TimeSpan.TicksPerSecond * TimeSpan.TicksPerSecond, TimeSpan.Zero),
    };

    private SendSms Send(string from) => new()
    {
        MessageId = Guid.NewGuid(),
        To = Customer,
        From = from,
        Text = "Your appointment is tomorrow at 10:00.",
        Category = SmsCategory.Transactional,
    };
}
