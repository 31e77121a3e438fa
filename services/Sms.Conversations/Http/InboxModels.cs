using System.ComponentModel;
using System.Text.Json;

namespace Sms.Conversations.Http;

/// <summary>One conversation in <c>GET /v1/conversations</c> and the inbox's other answers.</summary>
/// <param name="WaitingSince">The SLA clock: the customer's oldest unanswered message; null when answered.</param>
/// <param name="Csat">The latest satisfaction score the customer gave; null when none.</param>
public sealed record ConversationSummary(
    Guid Id,
    string CustomerNumber,
    string BusinessNumber,
    string Status,
    string? EscalationReason,
    DateTimeOffset LastMessageAt,
    long MessageCount,
    string? ContactName = null,
    string? Assignee = null,
    bool Flagged = false,
    IReadOnlyList<string>? Labels = null,
    int UnreadCount = 0,
    string? LastMessagePreview = null,
    string? EscalationPriority = null,
    DateTimeOffset? WaitingSince = null,
    string Owner = "automation",
    string? Team = null,
    string? RoutedBy = null,
    long? WaitingBusinessSeconds = null,
    CsatScore? Csat = null);

/// <summary>A customer's answer to the satisfaction survey sent when an agent resolved the conversation: 1 to 5 (5 = great).</summary>
public sealed record CsatScore(int Score, DateTimeOffset AnsweredAt);

/// <summary>A page of conversations; pass <c>nextBefore</c> as <c>before</c> for the next one (null: no more).</summary>
public sealed record ConversationPage(IReadOnlyList<ConversationSummary> Items, string? NextBefore);

/// <summary>A step of a message's delivery status timeline.</summary>
public sealed record StatusStep(string Status, DateTimeOffset At, string? Detail);

/// <summary>One message in a thread.</summary>
public sealed record ThreadMessage(
    Guid MessageId,
    string Direction,
    string? Text,
    string CustomerNumber,
    string? BusinessNumber,
    string? Category,
    string? Origin,
    string Status,
    string? StatusDetail,
    IReadOnlyList<string>? ProviderMessageIds,
    int? Segments,
    string? Encoding,
    Guid? InReplyTo,
    string? HandledBy,
    string? Action,
    DateTimeOffset CreatedAt,
    IReadOnlyList<Data.MessagePart>? Parts = null,
    IReadOnlyList<StatusStep>? StatusTimeline = null,
    string? SentBy = null,
    Guid? ConversationId = null,
    IReadOnlyList<ThreadAttachment>? Attachments = null);

/// <summary>
/// A picture or file of a message. <c>status</c>: <c>pending</c> (being fetched from the carrier), <c>stored</c>
/// (served at <c>url</c>), <c>unavailable</c> (the fetch kept failing or the content was refused; the message stays).
/// </summary>
public sealed record ThreadAttachment(Guid Id, string Status, string? ContentType, string? FileName, int? SizeBytes, string? Url, bool IsImage);

/// <summary>A page of a thread, oldest first; <c>nextBefore</c> pages to older messages (null: no more).</summary>
public sealed record ThreadPage(IReadOnlyList<ThreadMessage> Items, string? NextBefore);

/// <summary>
/// The newest consent change of the number whatever its brand and purpose, as before consent was kept per brand and
/// purpose; kept for older clients. It is not the consent of any one brand: read <see cref="Contact.Consents"/>.
/// </summary>
[Description("The newest consent change of the number, whatever its brand and purpose (kept for older clients; it is not the consent of any one brand: read consents). state: opted_in, opted_out or unknown (none recorded).")]
public sealed record Consent(string State, string? Scope, DateTimeOffset? ChangedAt, string? Source);

/// <summary>A contact's consent to one brand for one purpose, as Compliance last reported it.</summary>
[Description("The consent to one brand (scope) for one purpose, as Compliance last reported it. Informational messages are allowed unless opted out; marketing needs an opt-in.")]
public sealed record ContactConsent(
    [property: Description("The brand or program (Compliance's scope).")] string Scope,
    [property: Description("informational (transactional and conversational) or marketing.")] string Purpose,
    [property: Description("opted_in or opted_out.")] string State,
    [property: Description("How it changed: keyword, phrase, carrier_signal, agent, api, import, review or double_opt_in.")] string Source,
    [property: Description("The rule that fired, e.g. keyword:STOP; null for a change recorded before consent was kept per purpose.")] string? Rule,
    [property: Description("When Compliance recorded the change.")] DateTimeOffset ChangedAt);

/// <param name="Consent">The newest change whatever its brand and purpose (see <see cref="Http.Consent"/>).</param>
/// <param name="Consents">One entry per brand and purpose with a recorded change, by brand then purpose; a purpose
/// without one has no entry (informational: allowed; marketing: not allowed).</param>
public sealed record Contact(
    string Number, string? Name, JsonElement Attributes, IReadOnlyList<string> Labels, int EngagementScore, Consent Consent,
    [property: Description("The consent per brand and purpose, by brand then purpose. A purpose with no entry has no recorded change: informational messages are allowed, marketing is not.")]
    IReadOnlyList<ContactConsent> Consents);

/// <summary>A prompt sent in the conversation: what the customer was asked and the business context.</summary>
public sealed record SessionContext(
    Guid PromptMessageId, string SessionType, string? CampaignId, JsonElement Options, JsonElement Context, DateTimeOffset SentAt);

public sealed record ConversationDetail(ConversationSummary Conversation, Contact Contact, IReadOnlyList<SessionContext> Sessions);

public sealed record ReplyAccepted(Guid MessageId);

/// <summary>An agent's opt-out handed to Compliance: the id of its <c>RecordOptOut</c>.</summary>
public sealed record OptOutAccepted(Guid RequestId);

public sealed record CannedResponse(Guid Id, string Title, string Text, string FilledText, IReadOnlyList<string> MissingPlaceholders);

/// <summary>Bodies of the inbox's POST and PUT calls.</summary>
public sealed record ReplyRequest(string? Text, Guid? CannedResponseId, Guid? AttachmentId = null);

/// <summary>An uploaded picture, ready to send with a reply (<c>attachmentId</c>).</summary>
public sealed record AttachmentUploaded(Guid Id, string ContentType, int SizeBytes, string Url);

/// <summary>An agent's user name (null: nobody, the conversation waits in its team's queue), and optionally another team.</summary>
public sealed record AssignRequest(string? Assignee, string? Team = null);

public sealed record FlagRequest(bool? Flagged);

public sealed record LabelsRequest(IReadOnlyList<string>? Add, IReadOnlyList<string>? Remove);

/// <summary>An agent's opt-out: why, the conversation's business number (its brand), and whether it is of marketing alone (reminders and answers still go).</summary>
public sealed record OptOutRequest(string? Reason, string? BusinessNumber, bool? MarketingOnly = null);

public sealed record ContactUpdateRequest(string? Name, JsonElement? Attributes);

public sealed record CannedResponseRequest(string? Title, string? Text);

/// <summary>A page of a thread: how many messages, and the cursor of the previous page (<see cref="ThreadQueryValidator"/>).</summary>
public sealed record ThreadQuery(int Limit, PageCursor? Cursor);
