using Sms.Campaigns.Tests.Support;
using Sms.Contracts.Compliance;
using Sms.Contracts.Inbound;
using Sms.Contracts.Outbound;
using Sms.Testing;
using static Sms.Campaigns.Tests.Support.CampaignsHarness;

namespace Sms.Campaigns.Tests.Consumers;

/// <summary>Each event about a campaign message moves its recipient row forward once; a redelivery or a late event changes nothing.</summary>
public sealed class RecipientStateTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 1, 10, 0, 0, TimeSpan.Zero);
    private ConsumerHarness _bus = null!;
    private Guid _campaign;
    private string _number = null!;
    private SendSms _send = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _bus = await CampaignsHarness.StartAsync();
        _campaign = await _bus.AddCampaignAsync();
        _number = TestNumbers.Unique();
        _send = Send(_campaign, await _bus.AddRecipientAsync(_campaign, _number, T0), _number);
    }

    [TearDown]
    public async Task StopAsync() => await _bus.DisposeAsync();

    [Test]
    public async Task Sent_marks_the_row_sent_with_its_segments_and_a_redelivery_changes_nothing()
    {
        await _bus.PublishAsync(Sent(_send, T0.AddSeconds(1), segments: 2));
        var first = await _bus.RecipientAsync(_campaign, _number);
        await _bus.PublishAsync(Sent(_send, T0.AddSeconds(5), segments: 3));

        Assert.Multiple(async () =>
        {
            Assert.That(first.State, Is.EqualTo("sent"));
            Assert.That(first.Segments, Is.EqualTo(2));
            Assert.That(first.SentAt, Is.EqualTo(T0.AddSeconds(1).UtcDateTime));
            Assert.That(await _bus.RecipientAsync(_campaign, _number), Is.EqualTo(first));
        });
    }

    [Test]
    public async Task Delivered_marks_the_row_delivered_and_a_late_sent_keeps_it_delivered()
    {
        await _bus.PublishAsync(Receipt(DeliveryStatus.Delivered, T0.AddSeconds(3)));
        await _bus.PublishAsync(Receipt(DeliveryStatus.Delivered, T0.AddSeconds(3)));
        await _bus.PublishAsync(Sent(_send, T0.AddSeconds(1)));

        var row = await _bus.RecipientAsync(_campaign, _number);
        Assert.Multiple(() =>
        {
            Assert.That(row.State, Is.EqualTo("delivered"));
            Assert.That(row.DeliveredAt, Is.EqualTo(T0.AddSeconds(3).UtcDateTime));
            // The late sent still brings what only it knows.
            Assert.That(row.SentAt, Is.EqualTo(T0.AddSeconds(1).UtcDateTime));
            Assert.That(row.Segments, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task A_failed_receipt_after_sent_marks_the_row_failed_with_the_carriers_code()
    {
        await _bus.PublishAsync(Sent(_send, T0.AddSeconds(1)));
        await _bus.PublishAsync(Receipt(DeliveryStatus.Failed, T0.AddSeconds(3), errorCode: "6"));

        var row = await _bus.RecipientAsync(_campaign, _number);
        Assert.That((row.State, row.Reason), Is.EqualTo(("failed", "6")));
    }

    [Test]
    public async Task A_send_failure_is_failed_with_its_error_code_and_a_redelivery_changes_nothing()
    {
        await _bus.PublishAsync(Failed(errorCode: "29", outcomeUnknown: false));
        await _bus.PublishAsync(Failed(errorCode: "29", outcomeUnknown: false));
        // A definite failure is not undone by a later sent.
        await _bus.PublishAsync(Sent(_send, T0.AddSeconds(9)));

        var row = await _bus.RecipientAsync(_campaign, _number);
        Assert.That((row.State, row.Reason), Is.EqualTo(("failed", "29")));
    }

    [Test]
    public async Task A_failure_of_unknown_outcome_has_its_own_reason_and_a_later_sent_overrides_it()
    {
        await _bus.PublishAsync(Failed(errorCode: null, outcomeUnknown: true));
        var failed = await _bus.RecipientAsync(_campaign, _number);
        await _bus.PublishAsync(Sent(_send, T0.AddSeconds(9)));

        var row = await _bus.RecipientAsync(_campaign, _number);
        Assert.Multiple(() =>
        {
            Assert.That((failed.State, failed.Reason), Is.EqualTo(("failed", "outcome_unknown")));
            Assert.That((row.State, row.Reason), Is.EqualTo(("sent", (string?)null)));
        });
    }

    [Test]
    public async Task Suppressed_is_kept_with_its_reason_and_a_redelivery_changes_nothing()
    {
        var suppressed = new SmsSuppressed
        {
            Request = _send, Reason = SuppressionReason.FrequencyCapped, Detail = "cap", SuppressedAt = T0.AddSeconds(1),
        };
        await _bus.PublishAsync(suppressed);
        await _bus.PublishAsync(suppressed);

        var row = await _bus.RecipientAsync(_campaign, _number);
        Assert.That((row.State, row.Reason), Is.EqualTo(("suppressed", "frequency_capped")));
    }

    [Test]
    public async Task Deferred_is_kept_with_the_time_it_is_decided_again_and_then_sent()
    {
        await _bus.PublishAsync(new SmsDeferred
        {
            Request = _send, DeferredUntil = T0.AddHours(12), Detail = "quiet hours", DeferredAt = T0.AddSeconds(1),
        });
        var deferred = await _bus.RecipientAsync(_campaign, _number);
        await _bus.PublishAsync(Sent(_send, T0.AddHours(12)));

        Assert.Multiple(async () =>
        {
            Assert.That((deferred.State, deferred.Reason), Is.EqualTo(("deferred", "until 2026-12-01T22:00:00Z")));
            Assert.That((await _bus.RecipientAsync(_campaign, _number)).State, Is.EqualTo("sent"));
        });
    }

    [Test]
    public async Task Events_of_sends_that_are_not_the_campaigns_touch_no_row()
    {
        var other = _send with { MessageId = Guid.NewGuid(), CampaignId = null };
        await _bus.PublishAsync(Sent(other, T0.AddSeconds(1)));
        await _bus.PublishAsync(new SmsSuppressed { Request = other, Reason = SuppressionReason.OptedOut, Detail = "", SuppressedAt = T0 });

        Assert.That((await _bus.RecipientAsync(_campaign, _number)).State, Is.EqualTo("published"));
    }

    private SmsDeliveryStatusChanged Receipt(DeliveryStatus status, DateTimeOffset at, string? errorCode = null) => new()
    {
        MessageId = _send.MessageId,
        Provider = "vonage",
        ProviderMessageId = "p-" + _send.MessageId.ToString("N"),
        To = _number,
        Status = status,
        ErrorCode = errorCode,
        OccurredAt = at,
    };

    private SmsSendFailed Failed(string? errorCode, bool outcomeUnknown) => new()
    {
        Request = _send,
        Provider = "vonage",
        ErrorCode = errorCode,
        Reason = "carrier said no",
        Retryable = false,
        OutcomeUnknown = outcomeUnknown,
        FailedAt = T0.AddSeconds(2),
    };
}
