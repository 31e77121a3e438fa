using System.Net.Http.Json;
using Microsoft.Extensions.Options;

namespace Sms.Conversations.Notifications;

/// <summary>
/// Posts the queued escalation notifications: per rule, at once when one is urgent, else when the oldest has waited
/// <see cref="NotificationOptions.BatchSeconds"/>, all waiting ones in one post. A failed post is tried again later,
/// after a wait that doubles with each failure (nothing is lost: the rows stay until a post succeeds).
/// </summary>
public sealed partial class NotificationSender(
    NotificationStore store, IHttpClientFactory httpClients, IOptionsMonitor<NotificationOptions> options,
    TimeProvider time, ILogger<NotificationSender> logger) : BackgroundService
{
    public const string HttpClientName = "escalation-notifications";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SendDueAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                SendFailed(logger, e);
            }
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(Math.Max(50, options.CurrentValue.PollMilliseconds)), time, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>Longer than a post can take (the HTTP client's 10-second timeout): a claim outlives its post.</summary>
    private static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(1);

    /// <summary>
    /// One round over every rule: the due notifications are claimed (committed), posted with no transaction open, and
    /// the outcome recorded. A failed post is tried again after a wait that grows with the attempts made.
    /// </summary>
    public async Task SendDueAsync(CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        foreach (var rule in settings.Rules.Where(r => !string.IsNullOrEmpty(r.Name) && Uri.IsWellFormedUriString(r.Url, UriKind.Absolute)))
        {
            var due = await store.DueAsync(rule.Name, cancellationToken);
            if (due.Count == 0)
                continue;
            var oldest = new DateTimeOffset(DateTime.SpecifyKind(due.Min(p => p.CreatedAt), DateTimeKind.Utc));
            if (!EscalationNotifications.Due(due.Any(p => p.Urgent), oldest, time.GetUtcNow(), TimeSpan.FromSeconds(settings.BatchSeconds)))
                continue;
            var claimed = await store.ClaimAsync(due, ClaimLease, cancellationToken);
            if (claimed.Count == 0)
                continue;
            var sent = await PostAsync(rule, claimed, cancellationToken);
            var retryDelay = EscalationNotifications.RetryDelay(claimed.Max(p => p.Attempts) + 1,
                TimeSpan.FromMilliseconds(settings.FirstRetryMilliseconds), TimeSpan.FromSeconds(settings.MaxRetrySeconds));
            await store.RecordAttemptAsync(claimed, sent, retryDelay, CancellationToken.None);
        }
    }

    private async Task<bool> PostAsync(NotificationRule rule, IReadOnlyList<PendingNotification> notifications, CancellationToken cancellationToken)
    {
        var text = EscalationNotifications.Post(notifications.Select(p => p.Text).ToList());
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).PostAsJsonAsync(rule.Url, new { text }, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                Sent(logger, notifications.Count, rule.Name);
                return true;
            }
            PostRefused(logger, rule.Name, (int)response.StatusCode);
        }
        catch (HttpRequestException e)
        {
            PostFailed(logger, rule.Name, e.Message);
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            PostFailed(logger, rule.Name, "timed out");
        }
        return false;
    }

    [LoggerMessage(EventId = 5530, Level = LogLevel.Information, Message = "{Count} escalation notification(s) posted to rule {Rule}")]
    private static partial void Sent(ILogger logger, int count, string rule);

    [LoggerMessage(EventId = 5531, Level = LogLevel.Warning, Message = "Notification rule {Rule}: the webhook answered {Status}; trying again later")]
    private static partial void PostRefused(ILogger logger, string rule, int status);

    [LoggerMessage(EventId = 5532, Level = LogLevel.Warning, Message = "Notification rule {Rule}: the webhook could not be reached ({Error}); trying again later")]
    private static partial void PostFailed(ILogger logger, string rule, string error);

    [LoggerMessage(EventId = 5533, Level = LogLevel.Error, Message = "Sending escalation notifications failed")]
    private static partial void SendFailed(ILogger logger, Exception exception);
}
