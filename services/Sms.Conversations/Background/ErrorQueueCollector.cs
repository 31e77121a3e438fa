using Microsoft.Extensions.Options;
using Sms.Conversations.Data;
using Sms.Conversations.Extensions;
using Sms.ServiceDefaults.Hosting;

namespace Sms.Conversations.Background;

/// <summary>
/// Every <see cref="FailuresOptions.CollectInterval"/>: drains the services' <c>_error</c> queues (<see cref="ErrorQueues"/>)
/// into <c>conversations.failed_messages</c>, where the failed-messages view groups them and operators replay or
/// discard them. A message leaves its queue only once stored. Several instances may collect at once: each message is
/// taken by one of them, and one taken twice (a lost acknowledgement) is stored once.
/// </summary>
public sealed class ErrorQueueCollector(
    ErrorQueues queues, FailureStore store, IOptions<FailuresOptions> options, TimeProvider time, ILogger<ErrorQueueCollector> logger)
    : PollingService(time)
{
    private const int Batch = 500;

    protected override TimeSpan Interval => options.Value.CollectInterval;

    protected override bool Enabled => options.Value.CollectorEnabled;

    protected override async Task<bool> RunRoundAsync(CancellationToken cancellationToken) =>
        await CollectAsync(cancellationToken) == Batch;

    protected override void RoundFailed(Exception exception) => logger.CollectFailed(exception);

    /// <summary>One round: up to a batch of messages; returns how many were taken.</summary>
    public Task<int> CollectAsync(CancellationToken cancellationToken) =>
        queues.DrainAsync(async (message, ct) =>
        {
            switch (await store.RecordCollectedAsync(message, ct))
            {
                case CollectOutcome.New:
                    logger.FailedMessageCollected(message.ErrorQueue, message.MessageId, message.FaultType);
                    break;
                case CollectOutcome.FailedAgainAfterReplay:
                    logger.FailedAgainAfterReplay(message.ErrorQueue, message.MessageId, message.FaultType);
                    break;
            }
        }, Batch, Time, cancellationToken);
}
