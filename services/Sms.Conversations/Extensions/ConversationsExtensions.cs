using Microsoft.Extensions.DependencyInjection.Extensions;
using Sms.Conversations.Background;
using Sms.Conversations.Csat;
using Sms.Conversations.Data;
using Sms.Conversations.Handoff;
using Sms.Conversations.Http;
using Sms.Conversations.Notifications;
using Sms.Conversations.Teams;

namespace Sms.Conversations.Extensions;

public static class ConversationsExtensions
{
    /// <summary>
    /// The service's own parts: the thread store and the inbox's stores, live updates, escalation notifications,
    /// the teams escalations are routed to, the satisfaction survey after a resolve, the OpenAPI document, and problem details for every error the API answers.
    /// </summary>
    public static IHostApplicationBuilder AddConversations(this IHostApplicationBuilder builder)
    {
        builder.Services.AddConversationsData();
        builder.Services.AddHostedService<OutboxPublisher>();
        builder.Services.AddHostedService<HandoffSweeper>();
        builder.Services.AddSingleton<CannedResponseStore>();
        builder.Services.AddSingleton<ChangeFeedStore>();
        builder.Services.AddSingleton<MetricsStore>();
        builder.Services.AddOptions<EventsOptions>().BindConfiguration(EventsOptions.Section);
        builder.AddEscalationNotifications();
        builder.Services.AddProblemDetails();
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "Sms.Conversations: the agent inbox API";
            document.Info.Description =
                "Conversations, threads, agent replies, contacts, canned responses, metrics and live updates. " +
                "Authenticate with the inbox session cookie (POST /auth/login; non-GET calls then need 'X-Requested-With: inbox') " +
                "or an API key (X-Api-Key or Authorization: Bearer).";
            return Task.CompletedTask;
        }).AddInboxSecurity());
        return builder;
    }

    /// <summary>
    /// The data layer and the decisions it needs (teams, hand-over options), as the service and its tests both use
    /// them: the event writes, the inbox's reads, the agents' actions, the hand-over to people and the outbox.
    /// </summary>
    public static IServiceCollection AddConversationsData(this IServiceCollection services)
    {
        services.AddSingleton<ThreadProjection>();
        services.AddSingleton<InboxQueries>();
        services.AddSingleton<AgentActions>();
        services.AddSingleton<ConversationHandoff>();
        services.AddSingleton<SlaClock>();
        services.AddSingleton<OutboxStore>();
        services.AddOptions<HandoffOptions>().BindConfiguration(HandoffOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddTeams();
        services.AddCsat();
        services.TryAddSingleton(TimeProvider.System);
        return services;
    }
}
