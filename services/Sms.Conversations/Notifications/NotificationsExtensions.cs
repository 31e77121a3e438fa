using Microsoft.Extensions.Options;

namespace Sms.Conversations.Notifications;

public static class NotificationsExtensions
{
    /// <summary>
    /// Escalation notifications: the rules (checked on start), the queue, the sender, its HTTP client (10-second
    /// timeout) and its mailer.
    /// </summary>
    public static IHostApplicationBuilder AddEscalationNotifications(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<NotificationOptions>().BindConfiguration(NotificationOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<IValidateOptions<NotificationOptions>, NotificationOptionsValidation>();
        builder.Services.AddSingleton<NotificationStore>();
        builder.Services.AddHttpClient(NotificationSender.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(10));
        builder.Services.AddSingleton<EscalationMailer>();
        builder.Services.AddSingleton<NotificationSender>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<NotificationSender>());
        return builder;
    }
}
