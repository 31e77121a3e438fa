using Microsoft.Extensions.Options;
using Sms.Conversations.Attachments;
using Sms.Conversations.Data;
using Sms.Conversations.Extensions;
using Sms.ServiceDefaults.Hosting;

namespace Sms.Conversations.Background;

/// <summary>
/// Fetches customers' media from their carriers and keeps it in PostgreSQL (README, "Pictures and files (MMS)"): each
/// round takes the media due (<see cref="AttachmentStore.ClaimDueAsync"/>), fetches it with the carrier's credentials
/// (<see cref="CarrierMediaClient"/>), checks it (<see cref="MediaCheck"/>) and stores it. A fetch that fails is tried
/// again with backoff (<see cref="FetchRetries"/>), then given up: the message stays in its thread with "attachment
/// unavailable". Content that is refused (too large, a type not allowed, bytes that are not the picture they claim) is
/// given up at once: fetching it again would bring the same bytes. The message itself was stored before any of this.
/// </summary>
public sealed partial class AttachmentFetcher(
    AttachmentStore store, CarrierMediaClient client, IOptions<AttachmentOptions> options, TimeProvider time, ILogger<AttachmentFetcher> logger)
    : PollingService(time)
{
    /// <summary>Media fetched per round, at the same time.</summary>
    public const int BatchSize = 8;

    protected override TimeSpan Interval => options.Value.PollInterval;

    protected override TimeSpan RoundTimeout => options.Value.FetchTimeout + TimeSpan.FromSeconds(30);

    protected override async Task<bool> RunRoundAsync(CancellationToken cancellationToken) =>
        await FetchDueAsync(cancellationToken) == BatchSize;

    protected override void RoundFailed(Exception exception) => RoundFailedLog(logger, exception);

    /// <summary>One round; returns how many media it took.</summary>
    public async Task<int> FetchDueAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var due = await store.ClaimDueAsync(BatchSize, settings.FetchTimeout + TimeSpan.FromMinutes(1), cancellationToken);
        await Task.WhenAll(due.Select(media => FetchOneAsync(media, settings, cancellationToken)));
        return due.Count;
    }

    private async Task FetchOneAsync(DueMedia media, AttachmentOptions settings, CancellationToken cancellationToken)
    {
        var fetch = await client.FetchAsync(media.Provider, media.SourceUrl, cancellationToken);
        switch (fetch)
        {
            case MediaFetch.Fetched { TooLarge: true }:
                await GiveUpAsync(media, $"larger than {settings.MaxBytes} bytes", cancellationToken);
                break;
            case MediaFetch.Fetched fetched:
                // The answer's type is what the carrier stores; the webhook's announced one stands in when it names none.
                var verdict = MediaCheck.Check(fetched.ContentType ?? media.AnnouncedContentType, fetched.Content, settings.MaxBytes, settings.AllowedContentTypes);
                if (verdict.Accepted)
                {
                    await store.StoreFetchedAsync(media.Id, verdict.ContentType!, fetched.Content, cancellationToken);
                    Stored(logger, media.Id, media.Provider, verdict.ContentType!, fetched.Content.Length);
                }
                else
                {
                    await GiveUpAsync(media, verdict.Reason!, cancellationToken);
                }
                break;
            case MediaFetch.Failed failed:
                var retryAt = FetchRetries.NextAttempt(media.Attempts, settings.MaxAttempts, settings.FirstRetryDelay, Time.GetUtcNow());
                await store.FetchFailedAsync(media.Id, failed.Reason, retryAt, cancellationToken);
                if (retryAt is null)
                    GaveUp(logger, media.Id, media.Provider, $"{failed.Reason}, after {media.Attempts} attempts");
                else
                    WillRetry(logger, media.Id, media.Provider, failed.Reason, media.Attempts, retryAt.Value);
                break;
        }
    }

    private async Task GiveUpAsync(DueMedia media, string reason, CancellationToken cancellationToken)
    {
        await store.FetchFailedAsync(media.Id, reason, retryAt: null, cancellationToken);
        GaveUp(logger, media.Id, media.Provider, reason);
    }

    [LoggerMessage(EventId = 5590, Level = LogLevel.Information, Message = "Attachment {AttachmentId} fetched from {Provider} and stored ({ContentType}, {Size} bytes)")]
    private static partial void Stored(ILogger logger, Guid attachmentId, string provider, string contentType, int size);

    [LoggerMessage(EventId = 5591, Level = LogLevel.Warning, Message = "Attachment {AttachmentId} from {Provider} could not be fetched ({Reason}, attempt {Attempt}); trying again at {RetryAt}")]
    private static partial void WillRetry(ILogger logger, Guid attachmentId, string provider, string reason, int attempt, DateTimeOffset retryAt);

    [LoggerMessage(EventId = 5592, Level = LogLevel.Warning, Message = "Attachment {AttachmentId} from {Provider} given up ({Reason}): its message shows it as unavailable")]
    private static partial void GaveUp(ILogger logger, Guid attachmentId, string provider, string reason);

    [LoggerMessage(EventId = 5593, Level = LogLevel.Warning, Message = "Fetching attachments failed; trying again on the next round")]
    private static partial void RoundFailedLog(ILogger logger, Exception exception);
}
