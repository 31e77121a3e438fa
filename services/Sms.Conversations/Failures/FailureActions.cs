using Sms.Conversations.Data;
using Sms.Conversations.Extensions;

namespace Sms.Conversations.Failures;

/// <summary>
/// How many failures an action applied to, how many it found already replayed, discarded or gone, and how many it could
/// not apply (the broker refused a replay: they stay open, as they were).
/// </summary>
public sealed record FailureActionResult(int Applied, int Skipped, int Failed = 0);

/// <summary>
/// Replays and discards the failures a selection names (<see cref="FailureGroups.Pick"/>): a message from an
/// <c>_error</c> queue goes back to its input queue unchanged (<see cref="ErrorQueues.ReplayAsync"/>); a failed send is
/// published again as the same <c>SendSms</c> (<see cref="FailureStore.ReplaySendAsync"/>). Each one is recorded with
/// the acting user.
/// </summary>
public sealed class FailureActions(FailureStore store, ErrorQueues queues, TimeProvider time, ILogger<FailureActions> logger)
{
    public async Task<FailureActionResult> ReplayAsync(FailureSelection selection, string actor, CancellationToken cancellationToken)
    {
        var chosen = FailureGroups.Pick(await store.ListOpenAsync(cancellationToken), selection, forReplay: true);
        int applied = 0, failed = 0;
        foreach (var item in chosen)
        {
            bool done;
            try
            {
                done = item.Kind == FailureKind.Message
                    ? await store.ReplayMessageAsync(RowId(item), actor, queues.ReplayAsync, cancellationToken)
                    : await store.ReplaySendAsync(SendId(item), actor, time.GetUtcNow(), cancellationToken);
            }
            catch (Exception e) when (e is RabbitMQ.Client.Exceptions.PublishException or RabbitMQ.Client.Exceptions.RabbitMQClientException
                                          or RabbitMQ.Client.Exceptions.OperationInterruptedException)
            {
                // One message the broker will not take (its input queue is gone, say) does not stop the others.
                logger.ReplayFailed(e, item.Id);
                failed++;
                continue;
            }
            if (!done) continue;
            applied++;
            logger.FailureReplayed(actor, item.Id);
        }
        return new FailureActionResult(applied, Missing(selection, chosen.Count) + chosen.Count - applied - failed, failed);
    }

    public async Task<FailureActionResult> DiscardAsync(FailureSelection selection, string actor, string reason, CancellationToken cancellationToken)
    {
        var chosen = FailureGroups.Pick(await store.ListOpenAsync(cancellationToken), selection, forReplay: false);
        var applied = 0;
        foreach (var item in chosen)
        {
            var done = item.Kind == FailureKind.Message
                ? await store.DiscardMessageAsync(RowId(item), actor, reason, cancellationToken)
                : await store.DiscardSendAsync(SendId(item), actor, reason, cancellationToken);
            if (!done) continue;
            applied++;
            logger.FailureDiscarded(actor, item.Id);
        }
        return new FailureActionResult(applied, Missing(selection, chosen.Count) + chosen.Count - applied);
    }

    /// <summary>Named failures that are no longer open (replayed, discarded, or never were).</summary>
    private static int Missing(FailureSelection selection, int found) => selection.Ids is { Count: > 0 } ids ? ids.Count - found : 0;

    private static long RowId(FailureItem item) => long.Parse(item.Id["message:".Length..], System.Globalization.CultureInfo.InvariantCulture);

    private static Guid SendId(FailureItem item) => Guid.Parse(item.Id["send:".Length..]);
}
