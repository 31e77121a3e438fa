using Sms.Contracts.Routing;
using Sms.Router.Sessions;

namespace Sms.Router.Replies;

/// <summary>What to do with a customer's reply. New outcomes (a flow's next step) are new cases.</summary>
internal abstract record ReplyDecision;

/// <summary>The reply answers a session: announce the classification and send the option's auto-response, if any.</summary>
internal sealed record ClassifyReply(SessionMatch Match, string? AutoResponse, DateTimeOffset ClassifiedAt) : ReplyDecision;

/// <summary>
/// The reply needs a person: acknowledge it to the customer and hand the conversation to the inbox.
/// <paramref name="PromptMessageId"/> names the session automation gave up on; <paramref name="Topic"/> the sensitive topic found.
/// </summary>
internal sealed record EscalateReply(
    EscalationReason Reason,
    EscalationPriority Priority,
    string Acknowledgement,
    DateTimeOffset EscalatedAt,
    Guid? PromptMessageId = null,
    string? Topic = null) : ReplyDecision;

/// <summary>
/// The reply was not understood inside an open session: ask again with the session's own options. The caller counts
/// the attempt and lets <see cref="ReplyDecider.AfterClarifications"/> decide whether to ask or give up.
/// </summary>
internal sealed record ClarifyReply(ConversationSession Session, string Text, DateTimeOffset ClarifiedAt) : ReplyDecision;
