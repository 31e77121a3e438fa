using Sms.Contracts.Inbound;
using Sms.Contracts.Outbound;
using Sms.Contracts.Routing;
using Sms.ServiceDefaults.Messaging;

namespace Sms.Router.Replies;

/// <summary>The messages a decision publishes. Ids derive from the inbound message, so a redelivery sends nothing twice.</summary>
public static class ReplyMessages
{
    public const string AutoResponsePurpose = "auto-response";
    public const string ClarificationPurpose = "clarification";

    public static ReplyClassified Classified(InboundSmsReceived message, ClassifyReply decision) => new()
    {
        InboundMessageId = message.MessageId,
        CustomerNumber = message.From,
        BusinessNumber = message.To,
        PromptMessageId = decision.Match.Session.Id,
        SessionType = decision.Match.Session.SessionType,
        MatchedOption = decision.Match.MatchedOption,
        Action = decision.Match.Action,
        Context = decision.Match.Session.Context,
        CampaignId = decision.Match.Session.CampaignId,
        Ambiguous = decision.Match.Ambiguous,
        ClassifiedAt = decision.ClassifiedAt,
    };

    /// <summary>The option's auto-response, from the number the customer replied to; null when the prompt has none.</summary>
    public static SendSms? AutoResponse(InboundSmsReceived message, ClassifyReply decision) =>
        decision.AutoResponse is null ? null : Reply(message, AutoResponsePurpose, decision.AutoResponse, decision.ClassifiedAt);

    public static ConversationEscalated Escalated(InboundSmsReceived message, EscalateReply decision) => new()
    {
        InboundMessageId = message.MessageId,
        CustomerNumber = message.From,
        BusinessNumber = message.To,
        Reason = decision.Reason,
        Priority = decision.Priority,
        EscalatedAt = decision.EscalatedAt,
        PromptMessageId = decision.PromptMessageId,
        Topic = decision.Topic,
    };

    /// <summary>The question asked again, from the number the customer replied to.</summary>
    public static SendSms Clarification(InboundSmsReceived message, ClarifyReply decision) =>
        Reply(message, ClarificationPurpose, decision.Text, decision.ClarifiedAt);

    private static SendSms Reply(InboundSmsReceived message, string purpose, string text, DateTimeOffset requestedAt) => new()
    {
        MessageId = MessageIds.Derive(message.MessageId, purpose),
        To = message.From,
        From = message.To,
        Text = text,
        Category = SmsCategory.Conversational,
        Origin = SmsOrigin.Automation,
        InReplyTo = message.MessageId,
        RequestedAt = requestedAt,
    };
}
