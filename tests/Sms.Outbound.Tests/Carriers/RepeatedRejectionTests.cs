using Sms.Outbound.Carriers;
using Sms.Outbound.Carriers.Resilience;

namespace Sms.Outbound.Tests.Carriers;

/// <summary>When a message the carrier refuses as failing is given up, and when it waits on as in an outage.</summary>
public sealed class RepeatedRejectionTests
{
    private static readonly DateTimeOffset FirstRefusal = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);

    [TestCase(20, 5, true, Description = "the limit reached and the carrier took another message since")]
    [TestCase(19, 5, false, Description = "below the limit")]
    [TestCase(20, -5, false, Description = "the carrier took nothing since the first refusal: an outage, waited out")]
    [TestCase(500, null, false, Description = "the carrier never took anything: an outage, however long")]
    public void A_message_is_given_up_only_at_the_limit_and_only_while_other_messages_go_through(int refusals, int? acceptedSecondsAfter, bool givenUp)
    {
        DateTimeOffset? lastAccepted = acceptedSecondsAfter is { } seconds ? FirstRefusal.AddSeconds(seconds) : null;
        Assert.That(RepeatedRejection.ShouldGiveUp(new MessageRejections(refusals, FirstRefusal), lastAccepted, limit: 20), Is.EqualTo(givenUp));
    }

    [Test]
    public void The_reason_starts_with_its_code_and_says_how_often_and_the_last_refusal()
    {
        var reason = RepeatedRejection.Reason("vonage", new MessageRejections(20, FirstRefusal), "Carrier answered HTTP 500 Internal Server Error");
        Assert.Multiple(() =>
        {
            Assert.That(reason, Does.StartWith("carrier_rejected_repeatedly: vonage refused this message 20 times"));
            Assert.That(reason, Does.Contain("HTTP 500"));
        });
    }

    [TestCase("Hello", null)]
    [TestCase("Tab\tand\r\nlines are fine", null)]
    [TestCase("mail me\0example.org", "unsendable_text: the text contains U+0000")]
    public void Only_a_text_no_carrier_takes_is_unsendable(string text, string? reasonStart)
    {
        var reason = UnsendableText.Reason(text);
        if (reasonStart is null) Assert.That(reason, Is.Null);
        else Assert.That(reason, Does.StartWith(reasonStart));
    }

    [Test]
    public void Half_a_surrogate_pair_is_unsendable()
    {
        Assert.That(UnsendableText.Reason("smile \ud83d"), Does.StartWith("unsendable_text: the text contains an unpaired surrogate"));
    }
}
