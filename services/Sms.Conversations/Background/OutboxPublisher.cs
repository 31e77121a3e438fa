using MassTransit;
using Microsoft.Extensions.Options;
using Sms.Contracts.Conversations;
using Sms.Contracts.Outbound;
using Sms.Conversations.Data;
using Sms.Conversations.Handoff;
using Sms.ServiceDefaults.Hosting;
using Sms.ServiceDefaults.Messaging.Watchdog;
using Sms.Conversations.Extensions;
using Sms.Conversations.Webhooks;

namespace Sms.Conversations.Background;

/// <summary>
/// Publishes what the inbox's changes wrote to the outbox (<see cref="Outbox"/>): owner changes for the Router (and
/// webhook subscribers), agents' replies, the hand-over texts and surveys to customers, and contacts' changes for the
/// services that project contacts (Campaigns). Looks every <see cref="HandoffOptions.OutboxPollInterval"/>, and at once
/// again while there is more; a failed round is retried on the next look (the rows stay unpublished).
/// </summary>
public sealed partial class OutboxPublisher(
    OutboxStore outbox, IBus bus, BusActivity activity, WebhookQueue webhooks, IOptions<HandoffOptions> options, TimeProvider time,
    ILogger<OutboxPublisher> logger) : PollingService(time)
{
    private const int BatchSize = 100;

    protected override TimeSpan Interval => options.Value.OutboxPollInterval;

    protected override async Task<bool> RunRoundAsync(CancellationToken cancellationToken) =>
        await PublishPendingAsync(cancellationToken) == BatchSize;

    protected override void RoundFailed(Exception exception) => PublishFailed(logger, exception);

    /// <summary>One round: up to a batch of unpublished messages, published and marked.</summary>
    public Task<int> PublishPendingAsync(CancellationToken cancellationToken) =>
        outbox.PublishPendingAsync((message, ct) => message switch
        {
            ConversationOwnerChanged changed => AnnounceAsync(changed, ct),
            SendSms send => activity.TrackPublishAsync(bus, send, ct),
            ContactChanged contact => activity.TrackPublishAsync(bus, contact, ct),
            _ => throw new InvalidOperationException($"The outbox has no way to publish {message.GetType().Name}."),
        }, BatchSize, cancellationToken);

    /// <summary>
    /// An owner change goes to the Router and, as <c>conversation.owner_changed</c>, to webhook subscribers: queued
    /// first, from the durable outbox row, so a crash before the row is marked queues it again (once: its id is the
    /// conversation and owner version).
    /// </summary>
    private async Task AnnounceAsync(ConversationOwnerChanged changed, CancellationToken cancellationToken)
    {
        await webhooks.EnqueueAsync(WebhookEvents.Of(changed), cancellationToken);
        await activity.TrackPublishAsync(bus, changed, cancellationToken);
    }

    [LoggerMessage(EventId = 5540, Level = LogLevel.Warning, Message = "Publishing the outbox failed; trying again on the next look")]
    private static partial void PublishFailed(ILogger logger, Exception exception);
}
