using MassTransit.Testing;
using Sms.Compliance.Consent;
using Sms.Compliance.Tests.Support;
using Sms.Contracts.Compliance;
using Sms.Contracts.Inbound;
using Sms.Contracts.Outbound;
using Sms.Testing;

namespace Sms.Compliance.Tests.Consumers;

public class CarrierSignalTests : ComplianceConsumerFixture
{
    private const string AcmeNumber = "+447700900640";
    private const string GlobexNumber = "+447700900641";

    protected override ConsumerHarnessOptions HarnessOptions() => new()
    {
        Settings = new Dictionary<string, string?>
        {
            ["Compliance:Brands:acme:Numbers:0"] = AcmeNumber,
            ["Compliance:Brands:globex:Numbers:0"] = GlobexNumber,
        },
    };

    [Test]
    public async Task A_Vonage_receipt_with_error_9_opts_the_number_out_once_and_later_sends_are_suppressed()
    {
        var customer = TestNumbers.Unique();
        var receipt = Receipt(customer, "9");

        await Harness.Bus.Publish(receipt);
        await Harness.Bus.Publish(receipt);

        Assert.That(await Harness.Published.Any<OptOutRecorded>(m => m.Context.Message.Number == customer
            && m.Context.Message.Source == ConsentSource.CarrierSignal && m.Context.Message.Rule == "carrier:vonage:9"), Is.True);
        await WaitForConsumedAsync<SmsDeliveryStatusChanged>(m => m.ProviderMessageId == receipt.ProviderMessageId, count: 2);
        var send = new SendSms { MessageId = Guid.NewGuid(), To = customer, Text = "Reminder", Category = SmsCategory.Transactional };
        await Harness.Bus.Publish(send);
        // Polled: after the wait above the harness may count as inactive, and its Any() would not wait.
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            while (!Harness.Published.Select<SmsSuppressed>(m => m.Context.Message.Request.MessageId == send.MessageId).Any()
                   && !Harness.Published.Select<SmsApproved>(m => m.Context.Message.Request.MessageId == send.MessageId).Any())
                await Task.Delay(20, timeout.Token);
        }
        Assert.That(Harness.Published.Select<SmsSuppressed>(m => m.Context.Message.Request.MessageId == send.MessageId).Single().Context.Message.Reason,
            Is.EqualTo(SuppressionReason.OptedOut));

        var history = await Ledger.GetHistoryAsync(customer, ComplianceHarness.Scope, CancellationToken.None);
        Assert.That(history.Single(), Has.Property(nameof(ConsentEvent.Source)).EqualTo(ConsentSource.CarrierSignal)
            .And.Property(nameof(ConsentEvent.EvidenceMessageId)).EqualTo(receipt.MessageId));
        Assert.That(await Harness.Published.Any<SendSms>(m => m.Context.Message.To == customer && m.Context.Message.Category == SmsCategory.Compliance),
            Is.False, "no confirmation: the carrier blocks the number");
    }

    [TestCase("vonage", "9", "447700900640", Description = "a Vonage receipt's 'to' is our sender, as Vonage spells it")]
    [TestCase("twilio", "21610", AcmeNumber)]
    public async Task A_receipt_opt_out_is_recorded_in_the_brand_of_the_sending_number_and_that_brands_sends_are_suppressed(
        string provider, string errorCode, string sender)
    {
        var customer = TestNumbers.Unique();
        var receipt = Receipt(customer, errorCode) with { Provider = provider, From = sender };

        await Harness.Bus.Publish(receipt);

        var optOut = await Harness.PublishedEventuallyAsync<OptOutRecorded>(m => m.Number == customer);
        Assert.Multiple(async () =>
        {
            Assert.That(optOut?.Scope, Is.EqualTo("acme"));
            Assert.That(await Ledger.GetHistoryAsync(customer, "acme", CancellationToken.None), Has.Count.EqualTo(1));
            Assert.That(await Ledger.GetHistoryAsync(customer, ComplianceHarness.Scope, CancellationToken.None), Is.Empty, "not the default scope");
        });

        var fromAcme = new SendSms { MessageId = Guid.NewGuid(), To = customer, From = AcmeNumber, Text = "Reminder", Category = SmsCategory.Transactional };
        var fromGlobex = new SendSms { MessageId = Guid.NewGuid(), To = customer, From = GlobexNumber, Text = "Reminder", Category = SmsCategory.Transactional };
        await Harness.Bus.Publish(fromAcme);
        await Harness.Bus.Publish(fromGlobex);
        Assert.That((await Harness.PublishedEventuallyAsync<SmsSuppressed>(m => m.Request.MessageId == fromAcme.MessageId))?.Reason,
            Is.EqualTo(SuppressionReason.OptedOut), "the brand that sent keeps sending no more");
        Assert.That(await Harness.PublishedEventuallyAsync<SmsApproved>(m => m.Request.MessageId == fromGlobex.MessageId), Is.Not.Null,
            "another brand is not covered");
    }

    [Test]
    public async Task A_receipt_of_a_delivered_message_changes_no_consent()
    {
        var customer = TestNumbers.Unique();
        var receipt = Receipt(customer, "0") with { Status = DeliveryStatus.Delivered };

        await Harness.Bus.Publish(receipt);

        Assert.That(await Harness.Consumed.Any<SmsDeliveryStatusChanged>(m => m.Context.Message.ProviderMessageId == receipt.ProviderMessageId), Is.True);
        Assert.That(await Ledger.GetHistoryAsync(customer, ComplianceHarness.Scope, CancellationToken.None), Is.Empty);
    }

    private static SmsDeliveryStatusChanged Receipt(string customer, string errorCode) => new()
    {
        MessageId = Guid.NewGuid(),
        Provider = "vonage",
        ProviderMessageId = Guid.NewGuid().ToString("N"),
        To = customer,
        Status = DeliveryStatus.Failed,
        ErrorCode = errorCode,
        OccurredAt = DateTimeOffset.UtcNow,
    };
}
