using MassTransit.Testing;
using Sms.Compliance.Tests.Support;
using Sms.Contracts.Compliance;
using Sms.Contracts.Inbound;
using Sms.Contracts.Outbound;
using Sms.Testing;

namespace Sms.Compliance.Tests.Consumers;

/// <summary>Consent per brand across its sending numbers, on the harness with the real ledger and cache.</summary>
public class BrandScopeTests : ComplianceConsumerFixture
{
    private const string AcmeReminders = "+447700900610";
    private const string AcmeOffers = "+447700900611";
    private const string GlobexNumber = "+447700900612";
    private const string UnmappedNumber = "+447700900613";

    protected override ConsumerHarnessOptions HarnessOptions() => new()
    {
        Settings = new Dictionary<string, string?>
        {
            ["Compliance:Brands:acme:Numbers:0"] = AcmeReminders,
            ["Compliance:Brands:acme:Numbers:1"] = AcmeOffers,
            ["Compliance:Brands:acme:Keywords:OptOut:0"] = "STOP",
            ["Compliance:Brands:acme:Keywords:OptOut:1"] = "HALT",
            ["Compliance:Brands:globex:Numbers:0"] = GlobexNumber,
            ["Compliance:Brands:globex:ProgramName"] = "Globex Offers",
            ["Compliance:Brands:globex:Replies:Help"] = GlobexHelp,
        },
    };

    private const string GlobexHelp = "{ProgramName}: questions? Write to help@globex.example. Up to 4 msgs/month. Text STOP to end.";

    [Test]
    public async Task A_brand_keyword_opts_out_of_that_brand_and_is_an_ordinary_message_elsewhere()
    {
        var customer = TestNumbers.Unique();
        var toAcme = Inbound(customer, AcmeOffers, "Halt!");
        var toGlobex = Inbound(customer, GlobexNumber, "Halt!");

        await Harness.Bus.Publish(toAcme);
        await Harness.Bus.Publish(toGlobex);

        Assert.That(await Harness.Published.Any<OptOutRecorded>(m => m.Context.Message.InboundMessageId == toAcme.MessageId
            && m.Context.Message.Scope == "acme" && m.Context.Message.Rule == "keyword:HALT"), Is.True);
        Assert.That(await Harness.Published.Any<InboundSmsAccepted>(m => m.Context.Message.Message.MessageId == toGlobex.MessageId), Is.True);
    }

    private static InboundSmsReceived Inbound(string customer, string to, string text) => new()
    {
        MessageId = Guid.NewGuid(),
        Provider = "vonage",
        ProviderMessageId = Guid.NewGuid().ToString("N"),
        From = customer,
        To = to,
        Text = text,
        ReceivedAt = DateTimeOffset.UtcNow,
    };

    [Test]
    public async Task A_STOP_to_one_number_of_a_brand_suppresses_sends_from_every_number_of_the_brand_only()
    {
        var customer = TestNumbers.Unique();
        var stop = new InboundSmsReceived
        {
            MessageId = Guid.NewGuid(),
            Provider = "vonage",
            ProviderMessageId = Guid.NewGuid().ToString("N"),
            From = customer,
            To = AcmeReminders,
            Text = "STOP",
            ReceivedAt = DateTimeOffset.UtcNow,
        };
        await Harness.Bus.Publish(stop);
        Assert.That(await Harness.Published.Any<OptOutRecorded>(m => m.Context.Message.InboundMessageId == stop.MessageId
            && m.Context.Message.Scope == "acme"), Is.True);

        var fromOtherAcmeNumber = Send(customer, AcmeOffers);
        var fromGlobex = Send(customer, GlobexNumber);
        var fromUnmapped = Send(customer, UnmappedNumber);
        await Harness.Bus.Publish(fromOtherAcmeNumber);
        await Harness.Bus.Publish(fromGlobex);
        await Harness.Bus.Publish(fromUnmapped);

        Assert.That(await Harness.Published.Any<SmsSuppressed>(m => m.Context.Message.Request.MessageId == fromOtherAcmeNumber.MessageId
            && m.Context.Message.Reason == SuppressionReason.OptedOut), Is.True, "the opt-out covers every number of the brand");
        Assert.That(await Harness.Published.Any<SmsApproved>(m => m.Context.Message.Request.MessageId == fromGlobex.MessageId), Is.True,
            "another brand is not covered");
        Assert.That(await Harness.Published.Any<SmsApproved>(m => m.Context.Message.Request.MessageId == fromUnmapped.MessageId), Is.True,
            "nor the default scope");
    }

    [Test]
    public async Task HELP_to_a_brand_number_is_answered_with_that_brand_help_text()
    {
        var customer = TestNumbers.Unique();
        var toGlobex = Inbound(customer, GlobexNumber, "HELP");
        var toAcme = Inbound(customer, AcmeOffers, "HELP");

        await Harness.Bus.Publish(toGlobex);
        await Harness.Bus.Publish(toAcme);

        var globexReply = await Harness.PublishedEventuallyAsync<SendSms>(m => m.InReplyTo == toGlobex.MessageId);
        var acmeReply = await Harness.PublishedEventuallyAsync<SendSms>(m => m.InReplyTo == toAcme.MessageId);
        Assert.Multiple(() =>
        {
            Assert.That(globexReply?.Text, Is.EqualTo("Globex Offers: questions? Write to help@globex.example. Up to 4 msgs/month. Text STOP to end."));
            Assert.That(globexReply?.From, Is.EqualTo(GlobexNumber));
            Assert.That(acmeReply?.Text, Is.EqualTo(
                $"{ComplianceHarness.ProgramName}: For help contact {ComplianceHarness.SupportContact}. Msg frequency varies. Msg&data rates may apply. Reply STOP to opt out."),
                "a brand without its own texts gets the deployment's");
        });
    }

    [Test]
    public async Task Without_a_default_sender_a_send_without_a_sending_number_is_decided_in_the_default_scope()
    {
        var customer = TestNumbers.Unique();
        await OptOutAsync(Harness, customer, AcmeReminders);
        var withoutFrom = Send(customer, from: null);
        await Harness.Bus.Publish(withoutFrom);
        Assert.That(await Harness.PublishedEventuallyAsync<SmsApproved>(m => m.Request.MessageId == withoutFrom.MessageId), Is.Not.Null,
            "the acme opt-out does not cover the default scope");

        await OptOutAsync(Harness, customer, UnmappedNumber);
        var again = Send(customer, from: null);
        await Harness.Bus.Publish(again);
        Assert.That((await Harness.PublishedEventuallyAsync<SmsSuppressed>(m => m.Request.MessageId == again.MessageId))?.Reason,
            Is.EqualTo(SuppressionReason.OptedOut));
    }

    // The default sender: Compliance's own setting, else that of the carrier Outbound sends such a send through.
    [TestCase("Compliance:DefaultSender", AcmeOffers, "Vonage:DefaultFrom", GlobexNumber)]
    [TestCase("Vonage:DefaultFrom", AcmeOffers, "Twilio:DefaultFrom", GlobexNumber)]
    [TestCase("Twilio:DefaultFrom", AcmeOffers, "Carriers:DefaultProvider", "twilio")]
    public async Task A_send_without_a_sending_number_is_decided_in_the_brand_of_the_default_sender(
        string setting, string value, string otherSetting, string otherValue)
    {
        await using var compliance = await ComplianceHarness.StartAsync(DataSource, new ConsumerHarnessOptions
        {
            Settings = new Dictionary<string, string?>
            {
                ["Compliance:Brands:acme:Numbers:0"] = AcmeReminders,
                ["Compliance:Brands:acme:Numbers:1"] = AcmeOffers,
                ["Compliance:Brands:globex:Numbers:0"] = GlobexNumber,
                [setting] = value,
                [otherSetting] = otherValue,
            },
        });
        var harness = compliance.Bus;
        var customer = TestNumbers.Unique();
        await OptOutAsync(harness, customer, AcmeReminders);

        var withoutFrom = Send(customer, from: null);
        var fromGlobex = Send(customer, GlobexNumber);
        await harness.Bus.Publish(withoutFrom);
        await harness.Bus.Publish(fromGlobex);

        Assert.That((await harness.PublishedEventuallyAsync<SmsSuppressed>(m => m.Request.MessageId == withoutFrom.MessageId))?.Reason,
            Is.EqualTo(SuppressionReason.OptedOut), "it goes out from the default sender, an acme number");
        Assert.That(await harness.PublishedEventuallyAsync<SmsApproved>(m => m.Request.MessageId == fromGlobex.MessageId), Is.Not.Null);
    }

    private static async Task OptOutAsync(ITestHarness harness, string customer, string businessNumber)
    {
        var stop = Inbound(customer, businessNumber, "STOP");
        await harness.Bus.Publish(stop);
        Assert.That(await harness.PublishedEventuallyAsync<OptOutRecorded>(m => m.InboundMessageId == stop.MessageId), Is.Not.Null);
    }

    private static SendSms Send(string customer, string? from) => new()
    {
        MessageId = Guid.NewGuid(),
        To = customer,
        From = from,
        Text = "Your appointment is tomorrow at 10:00.",
        Category = SmsCategory.Transactional,
    };
}
