using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Sms.Conversations.Data;
using Sms.Conversations.Extensions;
using Sms.Conversations.Webhooks;
using Sms.ServiceDefaults.Hosting;

namespace Sms.Conversations.Background;

/// <summary>
/// Posts the queued webhook deliveries (<see cref="WebhookStore"/>): each round claims the due ones (the oldest pending
/// of each subscription's conversation only, so a failing delivery holds back the later ones of its conversation for
/// its subscription and nothing else), posts them signed (<see cref="WebhookSignature"/>) with no transaction open, and
/// records each attempt. 2xx is delivered; anything else, or no answer within <see cref="WebhookOptions.Timeout"/>, is
/// tried again on <see cref="WebhookRetrySchedule"/>, and a subscription failing for
/// <see cref="WebhookOptions.DisableAfter"/> is disabled and shown to admins in the inbox. At least once: a crash after
/// the post and before the record posts it again, with the same event id. Several instances share the work.
/// </summary>
public sealed partial class WebhookDispatcher(
    WebhookStore store, IHttpClientFactory httpClients, IOptionsMonitor<WebhookOptions> options, TimeProvider time,
    ILogger<WebhookDispatcher> logger) : PollingService(time)
{
    public const string HttpClientName = "webhooks";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    protected override TimeSpan Interval => options.CurrentValue.PollInterval;

    /// <summary>A round waits for its posts (each has its own timeout), so a claim is never left behind by a cancelled round.</summary>
    protected override TimeSpan RoundTimeout => Timeout.InfiniteTimeSpan;

    protected override async Task<bool> RunRoundAsync(CancellationToken cancellationToken) =>
        await DispatchDueAsync(cancellationToken) == options.CurrentValue.BatchSize;

    protected override void RoundFailed(Exception exception) => DispatchFailed(logger, exception);

    /// <summary>One round: claims up to a batch of due deliveries, posts them concurrently and records each outcome. Returns how many were claimed.</summary>
    public async Task<int> DispatchDueAsync(CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        // The lease outlives a post (its timeout) with room for recording the outcome.
        var claimed = await store.ClaimDueAsync(Time.GetUtcNow(), settings.Timeout + TimeSpan.FromSeconds(30), settings.BatchSize, cancellationToken);
        await Parallel.ForEachAsync(claimed, new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken },
            (delivery, ct) => new ValueTask(DeliverAsync(delivery, settings, ct)));
        return claimed.Count;
    }

    /// <summary>The JSON a receiver gets: the event's id, type, time and conversation, and its data.</summary>
    public static byte[] Body(ClaimedDelivery delivery)
    {
        using var data = JsonDocument.Parse(delivery.Data);
        return JsonSerializer.SerializeToUtf8Bytes(new
        {
            id = delivery.EventId,
            type = delivery.Type,
            occurredAt = new DateTimeOffset(DateTime.SpecifyKind(delivery.OccurredAt, DateTimeKind.Utc)),
            conversationId = delivery.ConversationId,
            data = data.RootElement,
        }, Json);
    }

    private async Task DeliverAsync(ClaimedDelivery delivery, WebhookOptions settings, CancellationToken cancellationToken)
    {
        var attempt = await PostAsync(delivery, settings, cancellationToken);
        var schedule = settings.Schedule();
        var now = Time.GetUtcNow();
        var next = attempt.Delivered
            ? null
            : schedule.NextAttempt(delivery.Attempts + 1, new DateTimeOffset(DateTime.SpecifyKind(delivery.QueuedAt, DateTimeKind.Utc)), now, Random.Shared.NextDouble());
        var failingSince = await store.RecordAttemptAsync(delivery, attempt, next, cancellationToken);
        if (attempt.Delivered)
        {
            Delivered(logger, delivery.Id, delivery.EventId, delivery.SubscriptionId, attempt.StatusCode!.Value, attempt.LatencyMs);
            return;
        }
        if (next is null)
            GivenUp(logger, delivery.Id, delivery.EventId, delivery.SubscriptionId, delivery.Attempts + 1);
        else
            AttemptFailed(logger, delivery.Id, delivery.SubscriptionId, attempt.Error ?? "", next.Value);
        if (failingSince is { } since && schedule.Disables(since, now))
        {
            var reason = $"Every delivery failed from {since:u} to {now:u} (last: {attempt.Error}); disabled automatically.";
            if (await store.DisableFailingAsync(delivery.SubscriptionId, reason, now, cancellationToken))
                SubscriptionDisabled(logger, delivery.SubscriptionId, since);
        }
    }

    /// <summary>One signed post; what came of it, never an exception for the receiver's failures.</summary>
    private async Task<WebhookAttempt> PostAsync(ClaimedDelivery delivery, WebhookOptions settings, CancellationToken cancellationToken)
    {
        var body = Body(delivery);
        var at = Time.GetUtcNow();
        var timestamp = at.ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url)
        {
            Content = new ByteArrayContent(body) { Headers = { { "Content-Type", "application/json; charset=utf-8" } } },
        };
        request.Headers.Add(WebhookSignature.IdHeader, delivery.EventId.ToString());
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, WebhookSignature.Sign(delivery.Secret, timestamp, body));
        request.Headers.UserAgent.ParseAdd("Sms.Platform-Webhooks/1");

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(settings.Timeout);
        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            var latency = (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            return response.IsSuccessStatusCode
                ? new WebhookAttempt(at, status, latency, null)
                : new WebhookAttempt(at, status, latency, $"HTTP {status} {response.ReasonPhrase}".TrimEnd());
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return new WebhookAttempt(at, null, (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds,
                $"No answer within {settings.Timeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException e)
        {
            return new WebhookAttempt(at, null, (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds, Shorten(e.Message));
        }
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300];

    [LoggerMessage(EventId = 5600, Level = LogLevel.Debug, Message = "Webhook delivery {DeliveryId} (event {EventId}) delivered to subscription {SubscriptionId}: HTTP {StatusCode} in {LatencyMs} ms")]
    private static partial void Delivered(ILogger logger, long deliveryId, Guid eventId, Guid subscriptionId, int statusCode, int latencyMs);

    [LoggerMessage(EventId = 5601, Level = LogLevel.Information, Message = "Webhook delivery {DeliveryId} to subscription {SubscriptionId} failed ({Error}); trying again at {NextAttempt:u}")]
    private static partial void AttemptFailed(ILogger logger, long deliveryId, Guid subscriptionId, string error, DateTimeOffset nextAttempt);

    [LoggerMessage(EventId = 5602, Level = LogLevel.Warning, Message = "Webhook delivery {DeliveryId} (event {EventId}) to subscription {SubscriptionId} given up after {Attempts} attempts; it can be replayed")]
    private static partial void GivenUp(ILogger logger, long deliveryId, Guid eventId, Guid subscriptionId, int attempts);

    [LoggerMessage(EventId = 5603, Level = LogLevel.Warning, Message = "Webhook subscription {SubscriptionId} disabled: every delivery failed since {FailingSince:u}")]
    private static partial void SubscriptionDisabled(ILogger logger, Guid subscriptionId, DateTimeOffset failingSince);

    [LoggerMessage(EventId = 5604, Level = LogLevel.Warning, Message = "Dispatching webhook deliveries failed; trying again on the next look")]
    private static partial void DispatchFailed(ILogger logger, Exception exception);
}
