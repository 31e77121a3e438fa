using Sms.Compliance.Consent;
using Sms.Contracts.Compliance;
using Sms.Contracts.Outbound;

namespace Sms.Compliance.Tests.Consent;

public class SendPolicyTests
{
    private const string Number = "+447700900001";

    [TestCase(SmsCategory.Transactional, ConsentStatus.None, null)]
    [TestCase(SmsCategory.Transactional, ConsentStatus.OptedIn, null)]
    [TestCase(SmsCategory.Transactional, ConsentStatus.OptedOut, SuppressionReason.OptedOut)]
    [TestCase(SmsCategory.Conversational, ConsentStatus.None, null)]
    [TestCase(SmsCategory.Conversational, ConsentStatus.OptedIn, null)]
    [TestCase(SmsCategory.Conversational, ConsentStatus.OptedOut, SuppressionReason.OptedOut)]
    [TestCase(SmsCategory.Marketing, ConsentStatus.None, SuppressionReason.NoMarketingConsent)]
    [TestCase(SmsCategory.Marketing, ConsentStatus.OptedIn, null)]
    [TestCase(SmsCategory.Marketing, ConsentStatus.OptedOut, SuppressionReason.OptedOut)]
    public void Upstream_sends_are_decided_by_category_and_consent(SmsCategory category, ConsentStatus status, SuppressionReason? expected)
    {
        var decision = SendPolicy.Decide(Send(category), State(status));

        Assert.Multiple(() =>
        {
            Assert.That(decision.Reason, Is.EqualTo(expected));
            Assert.That(decision.IsApproved, Is.EqualTo(expected is null));
            Assert.That(decision.Detail, expected is null ? Is.Null : Is.Not.Empty);
        });
    }

    [TestCase(ConsentStatus.None)]
    [TestCase(ConsentStatus.OptedIn)]
    [TestCase(ConsentStatus.OptedOut)]
    public void Compliance_replies_are_always_approved(ConsentStatus status)
    {
        var reply = Send(SmsCategory.Compliance) with { Origin = SmsOrigin.Compliance };

        Assert.Multiple(() =>
        {
            Assert.That(SendPolicy.Decide(reply, State(status)).IsApproved, Is.True);
            Assert.That(SendPolicy.Decide(reply, consent: null).IsApproved, Is.True, "no consent state needed");
            Assert.That(SendPolicy.NeedsConsentState(reply), Is.False);
        });
    }

    [TestCase(SmsOrigin.Upstream, ConsentStatus.OptedOut, SuppressionReason.OptedOut)]
    [TestCase(SmsOrigin.Agent, ConsentStatus.OptedOut, SuppressionReason.OptedOut)]
    [TestCase(SmsOrigin.Automation, ConsentStatus.OptedOut, SuppressionReason.OptedOut)]
    [TestCase(SmsOrigin.Upstream, ConsentStatus.None, null)]
    public void The_compliance_category_claimed_by_another_origin_does_not_pass_an_opt_out(
        SmsOrigin origin, ConsentStatus status, SuppressionReason? expected)
    {
        var send = Send(SmsCategory.Compliance) with { Origin = origin };

        Assert.Multiple(() =>
        {
            Assert.That(SendPolicy.NeedsConsentState(send), Is.True);
            Assert.That(SendPolicy.Decide(send, State(status)).Reason, Is.EqualTo(expected));
        });
    }

    [TestCase("447700900001")]
    [TestCase("+0447700900001")]
    [TestCase("+123456")]
    [TestCase("+1234567890123456")]
    [TestCase("+44 7700 900001")]
    [TestCase("tel:+447700900001")]
    [TestCase("+44770090000a")]
    [TestCase("")]
    public void A_recipient_that_is_not_E164_is_an_invalid_request(string to)
    {
        foreach (var category in Enum.GetValues<SmsCategory>())
        {
            var send = Send(category) with { To = to, Origin = SmsOrigin.Compliance };

            var decision = SendPolicy.Decide(send, consent: null);

            Assert.That(decision.Reason, Is.EqualTo(SuppressionReason.InvalidRequest), category.ToString());
            Assert.That(SendPolicy.NeedsConsentState(send), Is.False);
        }
    }

    [TestCase("+1234567")]
    [TestCase("+447700900001")]
    [TestCase("+123456789012345")]
    public void E164_numbers_of_7_to_15_digits_are_valid(string to) =>
        Assert.That(SendPolicy.Decide(Send(SmsCategory.Transactional) with { To = to }, State(ConsentStatus.None, to)).IsApproved, Is.True);

    [TestCase("")]
    [TestCase("   ")]
    public void A_message_without_text_is_an_invalid_request(string text) =>
        Assert.That(SendPolicy.Decide(Send(SmsCategory.Transactional) with { Text = text }, State(ConsentStatus.None)).Reason,
            Is.EqualTo(SuppressionReason.InvalidRequest));

    [Test]
    public void A_send_that_needs_consent_is_never_approved_without_it()
    {
        var send = Send(SmsCategory.Transactional);

        Assert.Multiple(() =>
        {
            Assert.That(SendPolicy.NeedsConsentState(send), Is.True);
            Assert.That(() => SendPolicy.Decide(send, consent: null), Throws.InvalidOperationException);
        });
    }

    [Test]
    public void Consent_of_another_number_is_refused() =>
        Assert.That(() => SendPolicy.Decide(Send(SmsCategory.Transactional), State(ConsentStatus.None, "+447700900999")),
            Throws.ArgumentException);

    [Test]
    public void A_picture_without_text_is_decided_like_any_send_and_a_send_with_neither_is_refused()
    {
        var picture = Send(SmsCategory.Conversational) with
        {
            Text = "",
            Media = new OutboundMedia { Url = "https://inbox.example.com/v1/attachments/1/public?sig=x", ContentType = "image/jpeg", AttachmentId = Guid.NewGuid() },
        };

        Assert.Multiple(() =>
        {
            Assert.That(SendPolicy.Decide(picture, State(ConsentStatus.None)).IsApproved, Is.True);
            Assert.That(SendPolicy.Decide(picture with { Media = null }, State(ConsentStatus.None)).Reason, Is.EqualTo(SuppressionReason.InvalidRequest));
        });
    }

    [Test]
    public void The_opt_out_detail_names_the_rule_and_time()
    {
        var decision = SendPolicy.Decide(Send(SmsCategory.Transactional), State(ConsentStatus.OptedOut));

        Assert.That(decision.Detail, Does.Contain("keyword:STOP").And.Contain("2025-03-04 05:06:07Z"));
    }

    private static SendSms Send(SmsCategory category) => new()
    {
        MessageId = Guid.NewGuid(),
        To = Number,
        Text = "Your appointment is tomorrow at 10:00.",
        Category = category,
    };

    private static ConsentState State(ConsentStatus status, string number = Number) => ConsentState.FromHistory(number, "default", status switch
    {
        ConsentStatus.OptedIn => [Event(number, ConsentKind.OptIn, "api:express-consent")],
        ConsentStatus.OptedOut => [Event(number, ConsentKind.OptOut, "keyword:STOP")],
        _ => [],
    });

    private static ConsentEvent Event(string number, ConsentKind kind, string rule) => new()
    {
        Id = 1,
        Number = number,
        Scope = "default",
        Kind = kind,
        Source = ConsentSource.Keyword,
        Rule = rule,
        OccurredAt = new DateTimeOffset(2025, 3, 4, 5, 6, 7, TimeSpan.Zero),
        RecordedAt = new DateTimeOffset(2025, 3, 4, 5, 6, 8, TimeSpan.Zero),
    };
}
