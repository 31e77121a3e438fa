using MassTransit;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Sms.Conversations.Agents;
using Sms.Conversations.Background;
using Sms.Conversations.Consumers;
using Sms.Conversations.Csat;
using Sms.Conversations.Data;
using Sms.Conversations.Handoff;
using Sms.Conversations.Http;
using Sms.Conversations.Notifications;
using Sms.Conversations.Teams;
using Sms.Conversations.Webhooks;
using Sms.ServiceDefaults.Hosting;
using Sms.ServiceDefaults.Security;

namespace Sms.Conversations.Extensions;

/// <summary>
/// The service's registrations, one method each for its parts and its consumers: <c>Program</c> and the tests call the
/// same two, so a consumer or a store added here is in both.
/// </summary>
public static class ConversationsExtensions
{
    /// <summary>
    /// Every consumer with its definition (the event writes that take batches: <see cref="WrittenInBatches{TConsumer}"/>).
    /// Queue names come from the consumer class names.
    /// </summary>
    public static IBusRegistrationConfigurator AddConversationsConsumers(this IBusRegistrationConfigurator bus)
    {
        bus.AddConsumer<InboundSmsReceivedConsumer, InboundSmsReceivedConsumerDefinition>();
        bus.AddConsumer<SmsSentConsumer, SmsSentConsumerDefinition>();
        bus.AddConsumer<SmsDeliveryStatusChangedConsumer, SmsDeliveryStatusChangedConsumerDefinition>();
        bus.AddConsumer<ReplyClassifiedConsumer, ReplyClassifiedConsumerDefinition>();
        bus.AddConsumer<ContactProfileChangedConsumer, ContactProfileChangedConsumerDefinition>();
        bus.AddConsumer<ConversationEscalatedConsumer>();
        bus.AddConsumer<SmsSuppressedConsumer>();
        bus.AddConsumer<SmsSendFailedConsumer>();
        bus.AddConsumer<SmsDeferredConsumer>();
        bus.AddConsumer<OptOutRecordedConsumer>();
        bus.AddConsumer<OptInRecordedConsumer>();
        bus.AddConsumer<HelpRequestedConsumer>();
        bus.AddConsumer<ConsentReviewRequestedConsumer>();
        bus.AddConsumer<ConsentReviewDecidedConsumer>();
        bus.AddConsumer<ApiClientsRequestedConsumer>();
        bus.AddConsumer<ApiClientUsedConsumer>();
        bus.AddConsumer<ContactsRequestedConsumer>();
        return bus;
    }

    /// <summary>
    /// The service's own parts, on top of what <c>AddServiceDefaults</c> and <c>AddSmsPostgres</c> give (the data
    /// source): the thread store and the inbox's stores, the hand-over to people and the teams it routes to, the
    /// satisfaction survey after a resolve, escalation notifications, outgoing webhooks, the outbox and the sweeps, agent accounts and
    /// sessions with the API's authentication, live updates, the OpenAPI document, and problem details for every error
    /// the API answers. Options are checked at start where a wrong one would fail later.
    /// </summary>
    public static IServiceCollection AddConversationsServices(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);

        // The threads, the inbox and the hand-over.
        services.AddSingleton<ThreadProjection>();
        services.AddSingleton<InboxQueries>();
        services.AddSingleton<AgentActions>();
        services.AddSingleton<ConversationHandoff>();
        services.AddSingleton<SlaClock>();
        services.AddSingleton<OutboxStore>();
        services.AddSingleton<CannedResponseStore>();
        services.AddSingleton<ChangeFeedStore>();
        services.AddSingleton<MetricsStore>();
        services.AddSingleton<ConsentReviewStore>();
        services.AddSingleton<ContactFeed>();
        services.AddOptions<HandoffOptions>().BindConfiguration(HandoffOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddHostedService<OutboxPublisher>();
        services.AddHostedService<HandoffSweeper>();

        // Teams: Inbox:Teams checked at start, and the directory built from it for routing and assignment.
        services.AddOptions<TeamsOptions>().BindConfiguration(TeamsOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TeamsOptions>, TeamsOptionsValidator>();
        services.AddSingleton(provider => new TeamDirectory(provider.GetRequiredService<IOptions<TeamsOptions>>().Value));

        // The satisfaction survey: Inbox:Csat checked at start, its store, and what stores the customers' scores.
        services.AddOptions<CsatOptions>().BindConfiguration(CsatOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CsatOptions>, CsatOptionsValidator>();
        services.AddSingleton<CsatStore>();
        services.AddSingleton<CsatAnswers>();

        // Escalation notifications: the rules (checked on start), the queue, the sender (10-second HTTP timeout), its mailer.
        services.AddOptions<NotificationOptions>().BindConfiguration(NotificationOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<NotificationOptions>, NotificationOptionsValidation>();
        services.AddSingleton<NotificationStore>();
        services.AddHttpClient(NotificationSender.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(10));
        services.AddSingleton<EscalationMailer>();
        services.AddSingleton<NotificationSender>();
        services.AddHostedService(sp => sp.GetRequiredService<NotificationSender>());

        // Failed messages: the _error queues drained into PostgreSQL, the view's store, replay and discard.
        services.AddOptions<FailuresOptions>().BindConfiguration(FailuresOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<FailureStore>();
        services.AddSingleton<ErrorQueues>();
        services.AddSingleton<Failures.FailureActions>();
        services.AddSingleton<ErrorQueueCollector>();
        services.AddHostedService(sp => sp.GetRequiredService<ErrorQueueCollector>());

        // Outgoing webhooks: Inbox:Webhooks checked at start, the queue, and the dispatcher (no redirects followed: a
        // receiver that moved is a failure an admin sees in the delivery log, not a post to wherever it points).
        services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<WebhookStore>();
        services.AddSingleton<WebhookInterest>();
        services.AddSingleton<WebhookQueue>();
        services.AddHttpClient(WebhookDispatcher.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false });
        services.AddSingleton<WebhookDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookDispatcher>());
        services.AddSingleton<WebhookLogPruner>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookLogPruner>());

        services.AddAttachments();

        services.AddAgentAuthentication();

        // API clients: the table, and the list every service keeps, published on change, every minute and on request.
        services.AddSingleton<ApiClientStore>();
        services.AddSingleton<ApiClientsPublisher>();
        services.AddHostedService(sp => sp.GetRequiredService<ApiClientsPublisher>());

        // The API: live updates, problem details, the OpenAPI document.
        services.AddOptions<InboxPassOptions>().BindConfiguration(InboxPassOptions.Section);
        services.AddOptions<EventsOptions>().BindConfiguration(EventsOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ChangeFeedPruner>();
        services.AddHostedService(sp => sp.GetRequiredService<ChangeFeedPruner>());
        services.AddProblemDetails();
        services.AddApiDocument("Sms.Conversations: the agent inbox API",
            "Conversations, threads, agent replies, contacts, canned responses, consent reviews, metrics and live updates. " +
            "Authenticate with the inbox session cookie (POST /auth/login; non-GET calls then need 'X-Requested-With: inbox') " +
            "or an API client's key (X-Api-Key or Authorization: Bearer); each operation names the scope it needs.",
            o => o.AddInboxSecurity());
        return services;
    }

    /// <summary>
    /// Pictures and files (README, "Pictures and files (MMS)"): <c>Attachments:*</c> checked at start, the carrier
    /// accounts media is fetched with (the same <c>Twilio:*</c> and <c>Carriers:*</c> settings Outbound reads), the
    /// store, and the fetcher.
    /// </summary>
    private static void AddAttachments(this IServiceCollection services)
    {
        services.AddOptions<AttachmentOptions>().BindConfiguration(AttachmentOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<CarrierAccountOptions>().Configure<IConfiguration>((options, configuration) =>
        {
            options.TwilioAccountSid = configuration["Twilio:AccountSid"];
            options.TwilioAuthToken = configuration["Twilio:AuthToken"];
            configuration.GetSection("Carriers").Bind(options);
        });
        services.AddSingleton<AttachmentStore>();
        services.AddSingleton<Attachments.PictureReplies>();
        services.AddHttpClient<Attachments.CarrierMediaClient>(client => client.Timeout = Timeout.InfiniteTimeSpan);
        services.AddSingleton<AttachmentFetcher>();
        services.AddHostedService(sp => sp.GetRequiredService<AttachmentFetcher>());
    }

    /// <summary>
    /// Agent accounts and sessions (<see cref="InboxSessions"/>, <see cref="SignInLockout"/>, the bootstrap admin), and
    /// who may call the API (<see cref="InboxAuthentication"/>): a session cookie or an API key, and the admin policy.
    /// </summary>
    private static void AddAgentAuthentication(this IServiceCollection services)
    {
        services.AddSingleton<AgentStore>();
        services.AddSingleton<SessionStore>();
        services.AddOptions<InboxSessionOptions>().BindConfiguration(InboxSessionOptions.Section);
        services.AddSingleton(sp => new SessionPolicy(sp.GetRequiredService<IOptions<InboxSessionOptions>>().Value));
        services.AddSingleton<InboxSessions>();
        services.AddHostedService<DatabaseChangeListener>();
        services.AddSingleton<Http.AgentAccountServices>();
        services.AddSingleton<IPasswordHasher<AgentRow>, PasswordHasher<AgentRow>>();
        services.AddOptions<BootstrapAdminOptions>().BindConfiguration(BootstrapAdminOptions.Section);
        services.AddOptions<SignInLockoutOptions>().BindConfiguration(SignInLockoutOptions.Section);
        services.AddSingleton(sp => new SignInLockout(sp.GetRequiredService<IOptions<SignInLockoutOptions>>().Value));
        services.AddHostedService<BootstrapAdmin>();

        // The API-key scheme and a policy per scope come from AddApiClients(InboxAuthentication.Scheme) (Program.cs): every
        // scope policy authenticates with the scheme that picks cookie or key; it is also the default, for the page.
        services.AddAuthentication(InboxAuthentication.Scheme)
            .AddPolicyScheme(InboxAuthentication.Scheme, "Cookie session or API key", o =>
                o.ForwardDefaultSelector = context => ApiKeyAuthenticationHandler.Presents(context.Request)
                    ? ApiKeyAuthenticationHandler.SchemeName
                    : InboxAuthentication.CookieScheme)
            .AddScheme<AuthenticationSchemeOptions, InboxSessionHandler>(InboxAuthentication.CookieScheme, null);
        services.Configure<ApiKeyAuthenticationOptions>(ApiKeyAuthenticationHandler.SchemeName, o => o.RoleOf = AgentScopes.RoleOf);
    }
}
