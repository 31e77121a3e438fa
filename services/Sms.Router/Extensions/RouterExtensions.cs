using MassTransit;
using Microsoft.Extensions.Options;
using Sms.Router.Background;
using Sms.Router.Consumers;
using Sms.Router.Data;
using Sms.Router.Engagement;
using Sms.Router.Flows;
using Sms.Router.Replies;
using Sms.Router.Sessions;
using Sms.ServiceDefaults.Hosting;

namespace Sms.Router.Extensions;

public static class RouterExtensions
{
    /// <summary>The router's consumers: used by <c>Program.cs</c> and by the tests' harness, so neither can miss one.</summary>
    public static void AddRouterConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<SmsSentConsumer>();
        bus.AddConsumer<InboundSmsAcceptedConsumer>();
        bus.AddConsumer<StartFlowConsumer>();
        bus.AddConsumer<SessionExpiredConsumer>();
        bus.AddConsumer<ConversationOwnerChangedConsumer>();
    }

    /// <summary>
    /// The router's options (validated on start), session and ownership stores, reply decisions, flows and the expiry
    /// poller: everything but its consumers, used by <c>Program.cs</c> and by the tests. Needs <c>AddSmsRedis()</c> and the bus.
    /// </summary>
    public static IServiceCollection AddRouterServices(this IServiceCollection services)
    {
        services.AddApiDocument("Sms.Router: conversation sessions",
            "The open sessions of a customer: which prompts their next reply can answer, and until when. " +
            "Needs an API key (X-Api-Key or Authorization: Bearer).");
        services.AddOptions<RouterOptions>()
            .BindConfiguration(RouterOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(sp => ReplyNormalizer.FromTable(sp.GetRequiredService<IOptions<RouterOptions>>().Value.Synonyms));
        services.AddSingleton<SessionResolver>();
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<RouterOptions>>().Value;
            var escalation = options.Escalation;
            var rules = new EscalationRules(
                escalation.HumanRequestPhrases,
                escalation.NegativeWords,
                escalation.SensitiveTopics?.Select(t => new SensitiveTopic(t.Name, t.Keywords, t.Priority)),
                escalation.HumanRequestPriority,
                escalation.NegativeSentimentPriority);
            return new ReplyDecider(
                sp.GetRequiredService<ReplyNormalizer>(),
                sp.GetRequiredService<SessionResolver>(),
                rules,
                options.Clarification,
                options.MaxClarifications);
        });
        services.AddSingleton(sp => new FlowEngine(sp.GetRequiredService<IOptions<RouterOptions>>().Value.Flows));
        services.AddSingleton(sp => new EngagementScorer(sp.GetRequiredService<IOptions<RouterOptions>>().Value.Engagement));
        services.AddSingleton<SessionStore>();
        services.AddSingleton<OwnershipStore>();
        services.AddSingleton<SessionExpiryProcessor>();
        services.AddHostedService<SessionExpiryPoller>();
        return services;
    }
}
