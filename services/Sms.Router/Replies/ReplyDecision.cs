using Sms.Contracts.Routing;
using Sms.Router.Sessions;

namespace Sms.Router.Replies;

/// <summary>What to do with a customer's reply. New outcomes (a flow's next step) are new cases.</summary>
public abstract record ReplyDecision;

/// <summary>
/// The reply answers a session: announce the classification and send the option's auto-response, if any. While people
/// own the conversation (<paramref name="PeopleOwn"/>) the classification is announced but the automation sends
/// nothing: no auto-response, no next flow step.
/// </summary>
public sealed record ClassifyReply(SessionMatch Match, string? AutoResponse, DateTimeOffset ClassifiedAt, bool PeopleOwn = false) : ReplyDecision;

/// <summary>
/// The reply needs a person: hand the conversation to people (Conversations tells the customer, once).
/// <paramref name="PromptMessageId"/> names the session automation gave up on; <paramref name="Topic"/> the sensitive topic found.
/// </summary>
public sealed record EscalateReply(
    EscalationReason Reason,
    EscalationPriority Priority,
    DateTimeOffset EscalatedAt,
    Guid? PromptMessageId = null,
    string? Topic = null) : ReplyDecision;

/// <summary>
/// The reply was not understood inside an open session: ask again with the session's own options. The caller counts
/// the attempt and lets <see cref="ReplyDecider.AfterClarifications"/> decide whether to ask or give up.
/// </summary>
public sealed record ClarifyReply(ConversationSession Session, string Text, DateTimeOffset ClarifiedAt) : ReplyDecision;

/// <summary>
/// People own the conversation and the reply answers no prompt exactly: it is theirs to answer. The automation sends
/// nothing, asks nothing and escalates nothing; the reply waits in the inbox.
/// </summary>
public sealed record LeaveToPeople(DateTimeOffset At) : ReplyDecision;
