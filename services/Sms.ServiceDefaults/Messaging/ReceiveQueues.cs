namespace Sms.ServiceDefaults.Messaging;

/// <summary>
/// Every receive queue of every service (<c>{service}-{consumer}</c>, as <see cref="MessagingExtensions.AddSmsMessaging"/>
/// names them). Conversations drains the <c>_error</c> queue of each into its failed-messages view (README, "Failed
/// messages"): AMQP cannot list a broker's queues, and this keeps the platform free of the management plugin. A test
/// (<c>Sms.Architecture.Tests</c>, ReceiveQueueTests) builds each service's bus from its own registration method and
/// fails when a queue is missing here or listed but gone.
/// </summary>
public static class ReceiveQueues
{
    public static readonly IReadOnlyList<string> All =
    [
        "campaigns-change-campaign-state",
        "campaigns-contact-changed",
        "campaigns-contact-profile-changed",
        "campaigns-contact-time-zone-changed",
        "campaigns-conversation-escalated",
        "campaigns-conversation-owner-changed",
        "campaigns-create-campaign",
        "campaigns-inbound-sms-received",
        "campaigns-opt-in-recorded",
        "campaigns-opt-out-recorded",
        "campaigns-reply-classified",
        "campaigns-resolve-tracked-link",
        "campaigns-sms-deferred",
        "campaigns-sms-delivery-status-changed",
        "campaigns-sms-send-failed",
        "campaigns-sms-sent",
        "campaigns-sms-suppressed",
        "campaigns-tracked-link-clicked",
        "compliance-decide-consent-review",
        "compliance-evaluate-sends",
        "compliance-inbound-sms-received",
        "compliance-record-opt-out",
        "compliance-send-sms",
        "compliance-sms-delivery-status-changed",
        "compliance-sms-send-failed",
        "conversations-api-client-used",
        "conversations-api-clients-requested",
        "conversations-consent-review-decided",
        "conversations-consent-review-requested",
        "conversations-contact-profile-changed",
        "conversations-contacts-requested",
        "conversations-conversation-escalated",
        "conversations-help-requested",
        "conversations-inbound-sms-received",
        "conversations-opt-in-recorded",
        "conversations-opt-out-recorded",
        "conversations-reply-classified",
        "conversations-sms-deferred",
        "conversations-sms-delivery-status-changed",
        "conversations-sms-send-failed",
        "conversations-sms-sent",
        "conversations-sms-suppressed",
        "outbound-sms-approved",
        "router-conversation-owner-changed",
        "router-inbound-sms-accepted",
        "router-session-expired",
        "router-sms-sent",
        "router-start-flow",
    ];
}
