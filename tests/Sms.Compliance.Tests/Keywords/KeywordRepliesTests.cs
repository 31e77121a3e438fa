using Sms.Compliance.Extensions;
using Sms.Compliance.Keywords;
using Sms.Contracts.Inbound;
using Sms.Contracts.Outbound;
using Sms.ServiceDefaults.Messaging;

namespace Sms.Compliance.Tests.Keywords;

public class KeywordRepliesTests
{
    private static readonly KeywordReplies Replies = new(
        new ComplianceOptions { ProgramName = "Acme Alerts", SupportContact = "+15550100" },
        new ReplyOptions());

    [Test]
    public void The_help_text_names_the_program_the_contact_and_the_terms() =>
        Assert.That(Replies.TextFor(KeywordIntent.Help), Is.EqualTo(
            "Acme Alerts: For help contact +15550100. Msg frequency varies. Msg&data rates may apply. Reply STOP to opt out."));

    [Test]
    public void The_opt_out_confirmation_says_no_more_messages_and_how_to_come_back() =>
        Assert.That(Replies.TextFor(KeywordIntent.OptOut), Is.EqualTo(
            "Acme Alerts: You have been unsubscribed and will receive no further messages. Reply START to resubscribe."));

    [Test]
    public void Configured_texts_replace_the_defaults()
    {
        var replies = new KeywordReplies(
            new ComplianceOptions { ProgramName = "Acme", SupportContact = "acme.example/help" },
            new ReplyOptions { OptIn = "Welcome back to {ProgramName}. Help: {SupportContact}" });

        Assert.That(replies.TextFor(KeywordIntent.OptIn), Is.EqualTo("Welcome back to Acme. Help: acme.example/help"));
    }

    [Test]
    public void No_reply_exists_for_an_ordinary_message() =>
        Assert.That(() => Replies.TextFor(KeywordIntent.None), Throws.InstanceOf<ArgumentOutOfRangeException>());

    [Test]
    public void The_reply_goes_back_from_the_number_the_customer_wrote_to_with_a_derived_id()
    {
        var inbound = new InboundSmsReceived
        {
            MessageId = Guid.NewGuid(),
            Provider = "vonage",
            ProviderMessageId = "0A000001",
            From = "+447700900001",
            To = "+447700900500",
            Text = "STOP",
            ReceivedAt = DateTimeOffset.UtcNow,
        };
        var requestedAt = DateTimeOffset.UtcNow;

        var reply = Replies.ReplyTo(inbound, "+447700900001", KeywordIntent.OptOut, requestedAt);

        Assert.Multiple(() =>
        {
            Assert.That(reply.MessageId, Is.EqualTo(MessageIds.Derive(inbound.MessageId, "compliance-reply")));
            Assert.That(reply.To, Is.EqualTo("+447700900001"));
            Assert.That(reply.From, Is.EqualTo("+447700900500"));
            Assert.That(reply.Category, Is.EqualTo(SmsCategory.Compliance));
            Assert.That(reply.Origin, Is.EqualTo(SmsOrigin.Compliance));
            Assert.That(reply.InReplyTo, Is.EqualTo(inbound.MessageId));
            Assert.That(reply.RequestedAt, Is.EqualTo(requestedAt));
            Assert.That(reply.Text, Does.StartWith("Acme Alerts: You have been unsubscribed"));
        });
    }
}
