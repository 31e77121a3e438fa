namespace Sms.Conversations.Webhooks;

/// <summary>The event types a webhook subscription may ask for (the <c>type</c> of each delivered event).</summary>
public static class WebhookEventTypes
{
    /// <summary>A customer's message arrived (InboundSmsReceived).</summary>
    public const string MessageReceived = "message.received";

    /// <summary>Automation understood a customer's reply to a prompt (ReplyClassified).</summary>
    public const string ReplyClassified = "reply.classified";

    /// <summary>One of our messages was sent, delivered, failed, or its outcome is unknown (SmsSent, receipts, SmsSendFailed).</summary>
    public const string MessageStatus = "message.status";

    /// <summary>The customer opted out (OptOutRecorded).</summary>
    public const string OptedOut = "consent.opted_out";

    /// <summary>The customer opted in (OptInRecorded).</summary>
    public const string OptedIn = "consent.opted_in";

    /// <summary>The conversation was escalated to people (ConversationEscalated).</summary>
    public const string ConversationEscalated = "conversation.escalated";

    /// <summary>The conversation was handed to people (a team, an agent) or back to automation (ConversationOwnerChanged).</summary>
    public const string OwnerChanged = "conversation.owner_changed";

    public static readonly IReadOnlyList<string> All =
        [MessageReceived, ReplyClassified, MessageStatus, OptedOut, OptedIn, ConversationEscalated, OwnerChanged];
}
