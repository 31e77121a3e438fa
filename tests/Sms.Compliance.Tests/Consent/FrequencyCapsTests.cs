using Sms.Compliance.Consent;
using Sms.Compliance.Extensions;
using Sms.Contracts.Outbound;

namespace Sms.Compliance.Tests.Consent;

public class FrequencyCapsTests
{
    private static SendSms Send(SmsCategory category, Guid? inReplyTo = null, SmsOrigin? origin = null) => new()
    {
        MessageId = Guid.NewGuid(),
        To = "+447700900123",
        Text = "Hello",
        Category = category,
        InReplyTo = inReplyTo,
        Origin = origin ?? SmsOrigin.Upstream,
    };

    [Test]
    public void Only_marketing_that_answers_no_customer_message_counts()
    {
        Assert.Multiple(() =>
        {
            Assert.That(FrequencyCaps.Counts(Send(SmsCategory.Marketing)), Is.True);
            Assert.That(FrequencyCaps.Counts(Send(SmsCategory.Marketing, inReplyTo: Guid.NewGuid())), Is.False);
            Assert.That(FrequencyCaps.Counts(Send(SmsCategory.Transactional)), Is.False);
            Assert.That(FrequencyCaps.Counts(Send(SmsCategory.Conversational)), Is.False);
            Assert.That(FrequencyCaps.Counts(Send(SmsCategory.Compliance, origin: SmsOrigin.Compliance)), Is.False);
        });
    }

    [Test]
    public void A_brand_has_its_own_rules_else_the_deployments_else_the_defaults()
    {
        var program = new ComplianceOptions
        {
            Brands =
            {
                ["acme"] = new BrandOptions { FrequencyCaps = new FrequencyCapOptions { Rules = [new() { Messages = 5, Window = TimeSpan.FromDays(1) }] } },
                ["globex"] = new BrandOptions { FrequencyCaps = new FrequencyCapOptions { Enabled = false } },
                ["initech"] = new BrandOptions(),
            },
        };

        var deployment = new FrequencyCaps(program, new FrequencyCapOptions());
        var withOwnDefault = new FrequencyCaps(program, new FrequencyCapOptions { Rules = [new() { Messages = 2, Window = TimeSpan.FromHours(24) }] });

        Assert.Multiple(() =>
        {
            Assert.That(deployment.For("acme").Rules.Single().Messages, Is.EqualTo(5));
            Assert.That(deployment.For("globex").Rules, Is.Empty);
            Assert.That(deployment.For("initech").Rules.Select(r => (r.Messages, r.Window)),
                Is.EqualTo(new[] { (1, TimeSpan.FromHours(16)), (3, TimeSpan.FromDays(7)) }));
            Assert.That(deployment.For("not-a-brand").Longest, Is.EqualTo(TimeSpan.FromDays(7)));
            Assert.That(withOwnDefault.For("initech").Rules.Single().Messages, Is.EqualTo(2));
        });
    }

    [TestCase(16 * 60, "16 hours")]
    [TestCase(60, "1 hour")]
    [TestCase(24 * 60, "24 hours")]
    [TestCase(7 * 24 * 60, "7 days")]
    [TestCase(90, "90 minutes")]
    public void A_window_reads_in_its_largest_whole_unit(int minutes, string expected) =>
        Assert.That(FrequencyCaps.Describe(TimeSpan.FromMinutes(minutes)), Is.EqualTo(expected));

    [Test]
    public void Rules_without_a_count_or_with_a_window_out_of_range_are_refused()
    {
        Assert.Multiple(() =>
        {
            Assert.That(FrequencyCapOptions.AreValid(FrequencyCapOptions.DefaultRules), Is.True);
            Assert.That(FrequencyCapOptions.AreValid(null), Is.True);
            Assert.That(FrequencyCapOptions.AreValid([new() { Messages = 0, Window = TimeSpan.FromHours(1) }]), Is.False);
            Assert.That(FrequencyCapOptions.AreValid([new() { Messages = 1, Window = TimeSpan.Zero }]), Is.False);
            Assert.That(FrequencyCapOptions.AreValid([new() { Messages = 1, Window = TimeSpan.FromDays(365) }]), Is.False);
        });
    }
}
