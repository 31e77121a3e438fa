using Microsoft.Extensions.Options;
using Sms.Conversations.Data;
using Sms.Conversations.Extensions;
using Sms.ServiceDefaults.Hosting;

namespace Sms.Conversations.Background;

/// <summary>
/// Every <see cref="EventsOptions.PruneInterval"/>: deletes the change feed's rows older than
/// <see cref="EventsOptions.Retention"/>, a batch at a time, so the table behind <c>GET /v1/events</c> stays bounded.
/// Instances pruning together delete different rows or none; the pruned mark only rises.
/// </summary>
public sealed partial class ChangeFeedPruner(
    ChangeFeedStore feed, IOptions<EventsOptions> options, TimeProvider time, ILogger<ChangeFeedPruner> logger) : PollingService(time)
{
    private const int Batch = 5_000;

    protected override TimeSpan Interval => options.Value.PruneInterval;

    protected override async Task<bool> RunRoundAsync(CancellationToken cancellationToken)
    {
        await PruneAsync(cancellationToken);
        return false;
    }

    protected override void RoundFailed(Exception exception) => PruneFailed(logger, exception);

    /// <summary>One round: every row older than the retention; returns how many went.</summary>
    public async Task<int> PruneAsync(CancellationToken cancellationToken)
    {
        var cutoff = Time.GetUtcNow() - options.Value.Retention;
        int total = 0, deleted;
        do
        {
            deleted = await feed.PruneAsync(cutoff, Batch, cancellationToken);
            total += deleted;
        } while (deleted == Batch && !cancellationToken.IsCancellationRequested);
        if (total > 0) Pruned(logger, total);
        return total;
    }

    [LoggerMessage(EventId = 5551, Level = LogLevel.Information, Message = "{Count} change(s) older than the retention pruned from the event feed")]
    private static partial void Pruned(ILogger logger, int count);

    [LoggerMessage(EventId = 5552, Level = LogLevel.Warning, Message = "Pruning the event feed failed; trying again on the next round")]
    private static partial void PruneFailed(ILogger logger, Exception exception);
}
