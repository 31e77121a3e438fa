using Sms.Campaigns.Tests.Support;
using Sms.Contracts.Compliance;
using Sms.Contracts.Inbound;
using Sms.Contracts.Routing;
using Sms.Testing;

namespace Sms.Campaigns.Tests.Consumers;

/// <summary>
/// What a customer does after a campaign message (reply, matched keyword, opt-out, hand-off, completed flow) counts for
/// the campaign message sent to the number most recently, within <c>Campaigns:ReplyWindowHours</c> (72 h), and once.
/// </summary>
public sealed class ReplyAttributionTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
    private ConsumerHarness _bus = null!;
    private string _number = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _bus = await CampaignsHarness.StartAsync();
        _number = TestNumbers.Unique();
    }

    [TearDown]
    public async Task StopAsync() => await _bus.DisposeAsync();

    [Test]
    public async Task A_reply_within_the_window_counts_once_for_the_latest_campaign_message()
    {
        var earlier = await _bus.AddCampaignAsync();
        var latest = await _bus.AddCampaignAsync();
        await _bus.AddRecipientAsync(earlier, _number, T0.AddHours(-30), "delivered", sentAt: T0.AddHours(-30));
        await _bus.AddRecipientAsync(latest, _number, T0, "delivered", sentAt: T0);

        await _bus.PublishAsync(Inbound(T0.AddHours(2)));
        await _bus.PublishAsync(Inbound(T0.AddHours(3)));

        Assert.Multiple(async () =>
        {
            Assert.That((await _bus.RecipientAsync(latest, _number)).RepliedAt, Is.EqualTo(T0.AddHours(2).UtcDateTime));
            Assert.That((await _bus.RecipientAsync(earlier, _number)).RepliedAt, Is.Null);
        });
    }

    [Test]
    public async Task A_reply_after_the_window_does_not_count()
    {
        var campaign = await _bus.AddCampaignAsync();
        await _bus.AddRecipientAsync(campaign, _number, T0, "delivered", sentAt: T0);

        await _bus.PublishAsync(Inbound(T0.AddHours(72).AddMinutes(1)));

        Assert.That((await _bus.RecipientAsync(campaign, _number)).RepliedAt, Is.Null);
    }

    [Test]
    public async Task A_reply_to_a_message_that_was_suppressed_does_not_count()
    {
        var campaign = await _bus.AddCampaignAsync();
        await _bus.AddRecipientAsync(campaign, _number, T0, "suppressed", reason: "opted_out");

        await _bus.PublishAsync(Inbound(T0.AddHours(1)));

        Assert.That((await _bus.RecipientAsync(campaign, _number)).RepliedAt, Is.Null);
    }

    [Test]
    public async Task A_reply_that_matched_an_option_is_counted_as_matched_with_its_option_once()
    {
        var campaign = await _bus.AddCampaignAsync();
        await _bus.AddRecipientAsync(campaign, _number, T0, "delivered", sentAt: T0);
        var inbound = Inbound(T0.AddMinutes(5));

        await _bus.PublishAsync(Classified(campaign, inbound, "YES", T0.AddMinutes(5).AddSeconds(1)));
        await _bus.PublishAsync(inbound);
        await _bus.PublishAsync(Classified(campaign, Inbound(T0.AddMinutes(9)), "NO", T0.AddMinutes(9)));

        var row = await _bus.RecipientAsync(campaign, _number);
        Assert.Multiple(() =>
        {
            Assert.That(row.MatchedKeyword, Is.True);
            Assert.That(row.MatchedOption, Is.EqualTo("YES"));
            // The customer's message is the reply's time, whichever event came first.
            Assert.That(row.RepliedAt, Is.EqualTo(T0.AddMinutes(5).UtcDateTime));
        });
    }

    [Test]
    public async Task An_opt_out_and_a_hand_off_within_the_window_count_for_the_campaign()
    {
        var campaign = await _bus.AddCampaignAsync();
        await _bus.AddRecipientAsync(campaign, _number, T0, "sent", sentAt: T0);

        var optOut = new OptOutRecorded
        {
            Number = _number, Scope = "default", Source = ConsentSource.Keyword, Rule = "keyword:STOP", RecordedAt = T0.AddHours(1),
        };
        await _bus.PublishAsync(optOut);
        await _bus.PublishAsync(optOut with { RecordedAt = T0.AddHours(2) });
        await _bus.PublishAsync(new ConversationEscalated
        {
            InboundMessageId = Guid.NewGuid(), CustomerNumber = _number, BusinessNumber = "+15550100",
            Reason = EscalationReason.HumanRequested, Priority = EscalationPriority.Normal, EscalatedAt = T0.AddHours(3),
        });

        var row = await _bus.RecipientAsync(campaign, _number);
        Assert.Multiple(() =>
        {
            Assert.That(row.OptedOutAt, Is.EqualTo(T0.AddHours(1).UtcDateTime));
            Assert.That(row.HandedOffAt, Is.EqualTo(T0.AddHours(3).UtcDateTime));
        });
    }

    [Test]
    public async Task A_completed_flow_counts_for_the_campaign_that_started_that_flow()
    {
        var flowCampaign = await _bus.AddCampaignAsync(flowName: "post_purchase_feedback");
        var textCampaign = await _bus.AddCampaignAsync();
        await _bus.AddRecipientAsync(flowCampaign, _number, T0, "sent", sentAt: T0);
        await _bus.AddRecipientAsync(textCampaign, _number, T0.AddHours(1), "sent", sentAt: T0.AddHours(1));

        await _bus.PublishAsync(Completed("flow_completed:other_flow", T0.AddHours(2)));
        await _bus.PublishAsync(Completed("flow_completed:post_purchase_feedback", T0.AddHours(3)));

        Assert.Multiple(async () =>
        {
            Assert.That((await _bus.RecipientAsync(flowCampaign, _number)).FlowCompletedAt, Is.EqualTo(T0.AddHours(3).UtcDateTime));
            Assert.That((await _bus.RecipientAsync(textCampaign, _number)).FlowCompletedAt, Is.Null);
        });
    }

    private InboundSmsReceived Inbound(DateTimeOffset at) => new()
    {
        MessageId = Guid.NewGuid(),
        Provider = "vonage",
        ProviderMessageId = Guid.NewGuid().ToString("N"),
        From = _number,
        To = "+15550100",
        Text = "yes please",
        ReceivedAt = at,
    };

    private ReplyClassified Classified(Guid campaign, InboundSmsReceived inbound, string option, DateTimeOffset at) => new()
    {
        InboundMessageId = inbound.MessageId,
        CustomerNumber = _number,
        BusinessNumber = "+15550100",
        PromptMessageId = Guid.NewGuid(),
        SessionType = "prompt",
        MatchedOption = option,
        Action = option.ToLowerInvariant(),
        Context = new Dictionary<string, string>(),
        CampaignId = campaign.ToString(),
        ClassifiedAt = at,
    };

    private ContactProfileChanged Completed(string reason, DateTimeOffset at) => new()
    {
        ChangeId = Guid.NewGuid(),
        CustomerNumber = _number,
        BusinessNumber = "+15550100",
        EngagementPoints = 15,
        Reasons = ["reply", reason],
        ChangedAt = at,
    };
}
