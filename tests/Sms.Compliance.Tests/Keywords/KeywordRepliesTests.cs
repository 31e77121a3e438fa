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

    private static ComplianceOptions TwoBrands() => new()
    {
        ProgramName = "Acme Alerts",
        SupportContact = "+15550100",
        Brands = new()
        {
            ["globex"] = new BrandOptions
            {
                Numbers = ["+447700900700"],
                ProgramName = "Globex Offers",
                SupportContact = "globex.example/help",
                Replies = new BrandReplyOptions { Help = "{ProgramName} help: {SupportContact}. Text STOP to end." },
            },
            ["initech"] = new BrandOptions { Numbers = ["+447700900701"], ProgramName = "Initech" },
        },
    };

    [Test]
    public void A_brand_replies_in_its_own_words_and_falls_back_to_the_deployment_texts()
    {
        var replies = new KeywordReplies(TwoBrands(), new ReplyOptions());

        Assert.Multiple(() =>
        {
            Assert.That(replies.TextFor(KeywordIntent.Help, "globex"), Is.EqualTo("Globex Offers help: globex.example/help. Text STOP to end."));
            Assert.That(replies.TextFor(KeywordIntent.OptOut, "globex"), Does.StartWith("Globex Offers: You have been unsubscribed"),
                "the deployment's text with the brand's name");
            Assert.That(replies.TextFor(KeywordIntent.Help, "initech"), Is.EqualTo(
                "Initech: For help contact +15550100. Msg frequency varies. Msg&data rates may apply. Reply STOP to opt out."));
            Assert.That(replies.TextFor(KeywordIntent.Help, "default"), Does.StartWith("Acme Alerts: For help"));
            Assert.That(replies.TextFor(KeywordIntent.Help), Does.StartWith("Acme Alerts: For help"));
        });
    }

    [Test]
    public void Sensible_replies_have_no_problems() =>
        Assert.That(KeywordReplies.Problems(TwoBrands(), new ReplyOptions()), Is.Empty);

    [Test]
    public void A_help_text_without_STOP_is_a_problem_named_by_its_setting()
    {
        var options = TwoBrands();
        options.Brands["globex"].Replies!.Help = "Globex: call us.";

        Assert.That(KeywordReplies.Problems(options, new ReplyOptions()).Single(),
            Does.StartWith("Compliance:Brands:globex:Replies:Help must tell the customer how to opt out").And.Contain("\"Reply STOP to opt out.\""));
    }

    [Test]
    public void The_deployment_help_text_without_STOP_is_reported_once()
    {
        var problems = KeywordReplies.Problems(TwoBrands(), new ReplyOptions { Help = "{ProgramName}: call {SupportContact}." });

        Assert.That(problems, Is.EqualTo(new[]
        {
            "Compliance:Replies:Help must tell the customer how to opt out: it has to name one of the opt-out keywords (e.g. \"Reply STOP to opt out.\").",
        }), "initech inherits it; globex has its own");
    }

    [Test]
    public void A_reply_longer_than_1600_characters_once_filled_in_is_a_problem()
    {
        var options = new ComplianceOptions
        {
            ProgramName = "Acme",
            SupportContact = "x",
            Brands = new() { ["long"] = new BrandOptions { ProgramName = new string('L', 1_600) } },
        };

        var problems = KeywordReplies.Problems(options, new ReplyOptions { OptIn = "{ProgramName} " + new string('a', 1_600) });

        Assert.That(problems, Has.Some.StartsWith("Compliance:Replies:OptIn is 1605 characters long; a reply may have at most 1600."));
        Assert.That(problems, Has.Some.StartsWith("The built-in en OptOut text (filled in for brand long) is"),
            "a brand's name can make an inherited text too long");
    }
}
