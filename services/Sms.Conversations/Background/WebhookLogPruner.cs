using Microsoft.Extensions.Options;
using Sms.Conversations.Data;
using Sms.Conversations.Extensions;
using Sms.ServiceDefaults.Hosting;

namespace Sms.Conversations.Background;

/// <summary>
/// Every <see cref="WebhookOptions.PruneInterval"/>: deletes the finished webhook deliveries (delivered or given up)
/// older than <see cref="WebhookOptions.LogRetention"/>, with their attempts and events, a batch at a time, so the
/// delivery log stays bounded. A pending delivery is never pruned. Instances pruning together delete different rows or none.
/// </summary>
public sealed partial class WebhookLogPruner(
    WebhookStore store, IOptionsMonitor<WebhookOptions> options, TimeProvider time, ILogger<WebhookLogPruner> logger) : PollingService(time)
{
    private const int Batch = 5_000;

    protected override TimeSpan Interval => options.CurrentValue.PruneInterval;

    protected override async Task<bool> RunRoundAsync(CancellationToken cancellationToken)
    {
        await PruneAsync(cancellationToken);
        return false;
    }

    protected override void RoundFailed(Exception exception) => PruneFailed(logger, exception);

    /// <summary>One round: every finished delivery older than the retention; returns how many went.</summary>
    public async Task<int> PruneAsync(CancellationToken cancellationToken)
    {
        var cutoff = Time.GetUtcNow() - options.CurrentValue.LogRetention;
        int total = 0, deleted;
        do
        {
            deleted = await store.PruneAsync(cutoff, Batch, cancellationToken);
            total += deleted;
        } while (deleted == Batch && !cancellationToken.IsCancellationRequested);
        if (total > 0) Pruned(logger, total);
        return total;
    }

    [LoggerMessage(EventId = 5605, Level = LogLevel.Information, Message = "{Count} finished webhook deliveries older than the retention pruned from the log")]
    private static partial void Pruned(ILogger logger, int count);

    [LoggerMessage(EventId = 5606, Level = LogLevel.Warning, Message = "Pruning the webhook delivery log failed; trying again on the next round")]
    private static partial void PruneFailed(ILogger logger, Exception exception);
}
