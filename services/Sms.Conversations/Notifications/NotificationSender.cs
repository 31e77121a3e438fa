using System.Net.Http.Json;
using Microsoft.Extensions.Options;

namespace Sms.Conversations.Notifications;

/// <summary>
/// Posts the queued escalation notifications: per rule, at once when one is urgent, else when the oldest has waited
/// <see cref="NotificationOptions.BatchSeconds"/>, all waiting ones in one post. A failed post is tried again later
/// (nothing is lost: the rows stay until a post succeeds).
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

    /// <summary>One round over every rule.</summary>
    public async Task SendDueAsync(CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        foreach (var rule in settings.Rules.Where(r => !string.IsNullOrEmpty(r.Name) && Uri.IsWellFormedUriString(r.Url, UriKind.Absolute)))
        {
            await store.SendDueAsync(rule.Name, async pending =>
            {
                var oldest = new DateTimeOffset(DateTime.SpecifyKind(pending.Min(p => p.CreatedAt), DateTimeKind.Utc));
                if (!EscalationNotifications.Due(pending.Any(p => p.Urgent), oldest, time.GetUtcNow(), TimeSpan.FromSeconds(settings.BatchSeconds)))
                    return null;
                var text = EscalationNotifications.Post(pending.Select(p => p.Text).ToList());
                try
                {
                    using var response = await httpClients.CreateClient(HttpClientName).PostAsJsonAsync(rule.Url, new { text }, cancellationToken);
                    if (response.IsSuccessStatusCode)
                    {
                        Sent(logger, pending.Count, rule.Name);
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
            }, EscalationNotifications.RetryDelay(1), cancellationToken);
        }
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
