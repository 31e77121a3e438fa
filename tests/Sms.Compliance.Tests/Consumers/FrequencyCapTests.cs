using Sms.Compliance.Consent;
using Sms.Compliance.Tests.Support;
using Sms.Contracts.Compliance;
using Sms.Contracts.Outbound;
using Sms.Testing;

namespace Sms.Compliance.Tests.Consumers;

/// <summary>
/// The marketing frequency cap on the harness with the real ledger and Redis, the clock set by the test: at most one
/// marketing message in 16 hours and two in 7 days to one number, across every campaign and flow of the brand.
/// </summary>
public class FrequencyCapTests : ComplianceConsumerFixture
{
    private static readonly DateTimeOffset Monday = new(2031, 3, 3, 9, 0, 0, TimeSpan.Zero);

    private ManualClock _clock = null!;

    protected override ConsumerHarnessOptions HarnessOptions()
    {
        _clock = new ManualClock(Monday);
        return new ConsumerHarnessOptions
        {
            Settings = new Dictionary<string, string?>
            {
                ["Compliance:FrequencyCaps:Rules:0:Messages"] = "1",
                ["Compliance:FrequencyCaps:Rules:0:Window"] = "16:00:00",
                ["Compliance:FrequencyCaps:Rules:1:Messages"] = "2",
                ["Compliance:FrequencyCaps:Rules:1:Window"] = "7.00:00:00",
                ["Compliance:Brands:quiet:Numbers:0"] = UncappedBrandNumber,
                ["Compliance:Brands:quiet:FrequencyCaps:Enabled"] = "false",
            },
            Clock = _clock,
        };
    }

    private const string BrandNumber = "+447700900530";
    private const string UncappedBrandNumber = "+447700900531";

    /// <summary>The customer opted in to marketing of both brands the week before.</summary>
    [SetUp]
    public async Task OptInAsync()
    {
        foreach (var scope in new[] { ComplianceHarness.Scope, "quiet" })
        {
            await Ledger.RecordAsync(new ConsentEvent
            {
                Number = Customer, Scope = scope, Kind = ConsentKind.OptIn, Source = ConsentSource.Api,
                Rule = "api:express-consent", EvidenceText = "signup form", OccurredAt = Monday.AddDays(-7),
            }, Guid.NewGuid(), CancellationToken.None);
        }
    }

    private SendSms Marketing(string from = BrandNumber, string? campaign = null) => new()
    {
        MessageId = Guid.NewGuid(),
        To = Customer,
        From = from,
        Text = "20% off this week only. Reply STOP to opt out.",
        Category = SmsCategory.Marketing,
        CampaignId = campaign,
        RequestedAt = _clock.GetUtcNow(),
    };

    /// <summary>Publishes the send and returns its suppression; null when it was approved.</summary>
    private async Task<SmsSuppressed?> DecideAsync(SendSms send) => await DecisionOfAsync(send) switch
    {
        SmsSuppressed suppressed => suppressed,
        SmsApproved => null,
        var other => throw new AssertionException($"send {send.MessageId} was {other.GetType().Name}, not approved or suppressed"),
    };

    [Test]
    public async Task A_second_campaigns_message_within_16_hours_is_held_back_and_the_weekly_cap_holds_after_that()
    {
        var first = await DecideAsync(Marketing(campaign: "spring-sale"));
        _clock.Now = Monday.AddHours(15);
        var second = await DecideAsync(Marketing(campaign: "flash-sale"));
        _clock.Now = Monday.AddHours(16).AddSeconds(1);
        var third = await DecideAsync(Marketing(campaign: "flash-sale"));
        _clock.Now = Monday.AddDays(2);
        var fourth = await DecideAsync(Marketing(campaign: "weekend"));
        _clock.Now = Monday.AddDays(7).AddSeconds(1);
        var nextWeek = await DecideAsync(Marketing(campaign: "weekend"));

        Assert.Multiple(() =>
        {
            Assert.That(first, Is.Null, "the first marketing message goes");
            Assert.That(second?.Reason, Is.EqualTo(SuppressionReason.FrequencyCapped));
            Assert.That(second?.Detail, Does.Contain("at most 1 marketing message in 16 hours").And.Contain("2031-03-04 01:00:00Z"));
            Assert.That(third, Is.Null, "16 hours later the next one goes");
            Assert.That(fourth?.Reason, Is.EqualTo(SuppressionReason.FrequencyCapped));
            Assert.That(fourth?.Detail, Does.Contain("at most 2 marketing messages in 7 days").And.Contain("2031-03-10 09:00:00Z"));
            Assert.That(nextWeek, Is.Null, "a week after the first, one leaves the weekly window");
        });
    }

    [Test]
    public async Task A_redelivered_send_is_approved_again_without_counting_twice()
    {
        var send = Marketing();

        var first = await DecideAsync(send);
        await Harness.Bus.Publish(send);
        await WaitForConsumedAsync<SendSms>(m => m.MessageId == send.MessageId, count: 2);
        var other = await DecideAsync(Marketing());

        Assert.Multiple(() =>
        {
            Assert.That(first, Is.Null);
            Assert.That(Published.Of<SmsApproved>().Count(p => p.Message.Request.MessageId == send.MessageId), Is.EqualTo(2),
                "the redelivery is approved again, not capped by its own count");
            Assert.That(Published.Of<SmsSuppressed>().Any(p => p.Message.Request.MessageId == send.MessageId), Is.False);
            Assert.That(other?.Reason, Is.EqualTo(SuppressionReason.FrequencyCapped), "a different send is");
        });
    }

    [Test]
    public async Task Informational_messages_replies_to_the_customer_and_a_brand_without_caps_are_neither_capped_nor_counted()
    {
        Assert.That(await DecideAsync(Marketing()), Is.Null);

        var reminder = await DecideAsync(Marketing() with { Category = SmsCategory.Transactional });
        var flowAnswer = await DecideAsync(Marketing() with { InReplyTo = Guid.NewGuid() });
        var otherBrand = await DecideAsync(Marketing(from: UncappedBrandNumber));
        var otherBrandAgain = await DecideAsync(Marketing(from: UncappedBrandNumber));

        Assert.Multiple(() =>
        {
            Assert.That(reminder, Is.Null);
            Assert.That(flowAnswer, Is.Null, "a marketing answer to the customer's own message");
            Assert.That(otherBrand, Is.Null);
            Assert.That(otherBrandAgain, Is.Null, "a brand that does not cap marketing");
        });
    }

    [Test]
    public async Task A_florida_number_gets_at_most_three_marketing_messages_in_24_hours_even_from_a_brand_without_caps()
    {
        var floridian = "+1305" + Random.Shared.Next(2_000_000, 9_999_999);
        await Ledger.RecordAsync(new ConsentEvent
        {
            Number = floridian, Scope = "quiet", Kind = ConsentKind.OptIn, Source = ConsentSource.Api,
            Rule = "api:express-consent", EvidenceText = "signup form", OccurredAt = Monday.AddDays(-7),
        }, Guid.NewGuid(), CancellationToken.None);
        _clock.Now = Monday.AddHours(6); // 10:00 in Miami
        SendSms ToFloridian() => Marketing(from: UncappedBrandNumber) with { To = floridian };

        var decisions = new List<SmsSuppressed?>();
        for (var i = 0; i < 4; i++) decisions.Add(await DecideAsync(ToFloridian()));

        Assert.Multiple(() =>
        {
            Assert.That(decisions.Take(3), Is.All.Null, "three go");
            Assert.That(decisions[3]?.Reason, Is.EqualTo(SuppressionReason.FrequencyCapped));
            Assert.That(decisions[3]?.Detail, Does.Contain("US-FL").And.Contain("Florida Telephone Solicitation Act").And.Contain("at most 3 marketing messages in 24 hours"));
        });
    }
}
