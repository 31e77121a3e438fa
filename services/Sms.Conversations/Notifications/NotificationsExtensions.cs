namespace Sms.Conversations.Notifications;

public static class NotificationsExtensions
{
    /// <summary>Escalation notifications: the queue, the sender, and its HTTP client (10-second timeout).</summary>
    public static IHostApplicationBuilder AddEscalationNotifications(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<NotificationOptions>().BindConfiguration(NotificationOptions.Section);
        builder.Services.AddSingleton<NotificationStore>();
        builder.Services.AddHttpClient(NotificationSender.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(10));
        builder.Services.AddSingleton<NotificationSender>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<NotificationSender>());
        return builder;
    }
}
