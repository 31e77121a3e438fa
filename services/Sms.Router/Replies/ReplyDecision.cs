using Sms.Contracts.Routing;
using Sms.Router.Sessions;

namespace Sms.Router.Replies;

/// <summary>What to do with a customer's reply. New outcomes (a clarifying question, a flow's next step) are new cases.</summary>
internal abstract record ReplyDecision;

/// <summary>The reply answers a session: announce the classification and send the option's auto-response, if any.</summary>
internal sealed record ClassifyReply(SessionMatch Match, string? AutoResponse, DateTimeOffset ClassifiedAt) : ReplyDecision;

/// <summary>The reply needs a person: acknowledge it to the customer and hand the conversation to the inbox.</summary>
internal sealed record EscalateReply(EscalationReason Reason, EscalationPriority Priority, string Acknowledgement, DateTimeOffset EscalatedAt) : ReplyDecision;
