using Sms.ServiceDefaults.Hosting;
using System.Net.Http.Json;
using Microsoft.Extensions.Options;
using Sms.Conversations.Data;
using Sms.Conversations.Extensions;
using Sms.Conversations.Notifications;

namespace Sms.Conversations.Background;

/// <summary>
/// Sends the queued escalation notifications: per rule, at once when one is urgent, else when the oldest has waited
/// <see cref="NotificationOptions.BatchSeconds"/>, all waiting ones in one post or one email. A failed delivery is tried
/// again later, after a wait that doubles with each failure (nothing is lost: the rows stay until a delivery succeeds),
/// unless it was refused for good (an email whose every recipient was refused permanently).
/// </summary>
public sealed partial class NotificationSender(
    NotificationStore store, IHttpClientFactory httpClients, EscalationMailer mailer, IOptionsMonitor<NotificationOptions> options,
    TimeProvider time, ILogger<NotificationSender> logger) : PollingService(time)
{
    public const string HttpClientName = "escalation-notifications";

    protected override TimeSpan Interval => TimeSpan.FromMilliseconds(Math.Max(50, options.CurrentValue.PollMilliseconds));

    /// <summary>A round is never cut short: a post or email in flight finishes (each has its own 10-second timeout).</summary>
    protected override TimeSpan RoundTimeout => Timeout.InfiniteTimeSpan;

    protected override async Task<bool> RunRoundAsync(CancellationToken cancellationToken)
    {
        await SendDueAsync(cancellationToken);
        return false;
    }

    protected override void RoundFailed(Exception exception) => SendFailed(logger, exception);

    /// <summary>Longer than a delivery can take (the 10-second HTTP and SMTP timeouts): a claim outlives its post or email.</summary>
    private static readonly TimeSpan ClaimLease = TimeSpan.FromMinutes(1);

    /// <summary>
    /// One round over every rule: the due notifications are claimed (committed), posted or emailed with no transaction
    /// open, and the outcome recorded. A failed delivery is tried again after a wait that grows with the attempts made.
    /// </summary>
    public async Task SendDueAsync(CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        // The rules were checked on start (NotificationOptionsValidator); a reload that broke one skips it, not the round.
        foreach (var rule in settings.Rules.Where(r => !string.IsNullOrEmpty(r.Name)
                     && (r.Channel == NotificationChannel.Email || Uri.IsWellFormedUriString(r.Url, UriKind.Absolute))))
        {
            var due = await store.DueAsync(rule.Name, cancellationToken);
            if (due.Count == 0)
                continue;
            var oldest = new DateTimeOffset(DateTime.SpecifyKind(due.Min(p => p.CreatedAt), DateTimeKind.Utc));
            if (!EscalationNotifications.Due(due.Any(p => p.Urgent), oldest, Time.GetUtcNow(), TimeSpan.FromSeconds(settings.BatchSeconds)))
                continue;
            var claimed = await store.ClaimAsync(due, ClaimLease, cancellationToken);
            if (claimed.Count == 0)
                continue;
            var outcome = rule.Channel == NotificationChannel.Email
                ? await EmailAsync(rule, claimed, cancellationToken)
                : await PostAsync(rule, claimed, cancellationToken) ? NotificationOutcome.Sent : NotificationOutcome.Retry;
            var retryDelay = EscalationNotifications.RetryDelay(claimed.Max(p => p.Attempts) + 1,
                TimeSpan.FromMilliseconds(settings.FirstRetryMilliseconds), TimeSpan.FromSeconds(settings.MaxRetrySeconds));
            await store.RecordAttemptAsync(claimed, outcome, retryDelay, CancellationToken.None);
        }
    }

    /// <summary>One email: the subject counts the notifications, the body is the post's text (one line per escalation).</summary>
    private Task<NotificationOutcome> EmailAsync(NotificationRule rule, IReadOnlyList<PendingNotification> notifications, CancellationToken cancellationToken) =>
        mailer.SendAsync(rule,
            EscalationNotifications.Subject(notifications.Count, notifications.Any(p => p.Urgent)),
            EscalationNotifications.Post(notifications.Select(p => p.Text).ToList()),
            notifications.Count, cancellationToken);

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
