using Sms.Contracts.Inbound;

namespace Sms.Conversations.Threads;

/// <summary>The values of <c>messages.status</c>.</summary>
public static class MessageStatuses
{
    /// <summary>An inbound message; it has no later status.</summary>
    public const string Received = "received";

    /// <summary>An agent's reply accepted by the API; Compliance has not decided it yet.</summary>
    public const string Pending = "pending";

    /// <summary>Compliance holds it until the recipient's quiet hours end (<c>SmsDeferred</c>).</summary>
    public const string Deferred = "deferred";

    /// <summary>
    /// The carrier call ended without an answer (<c>SmsSendFailed</c> with <c>OutcomeUnknown</c>): it may have been sent.
    /// A later <c>SmsSent</c> or receipt says what happened.
    /// </summary>
    public const string Unknown = "unknown";

    /// <summary>The carrier accepted it (<c>SmsSent</c>).</summary>
    public const string Sent = "sent";

    /// <summary>The carrier's receipt says the handset got it.</summary>
    public const string Delivered = "delivered";

    /// <summary>Sent in several parts, some delivered and some not (<see cref="PartDelivery"/>).</summary>
    public const string PartiallyDelivered = "partially_delivered";

    /// <summary>The carrier refused it (<c>SmsSendFailed</c>) or the receipts say no part of it arrived.</summary>
    public const string Failed = "failed";

    /// <summary>Compliance refused it (<c>SmsSuppressed</c>): it never left the platform.</summary>
    public const string Suppressed = "suppressed";
}

/// <summary>A message's status and the sentence that explains it.</summary>
public readonly record struct MessageState(string Status, string? Detail);

/// <summary>
/// Which status a message keeps when the events about it arrive in any order. Every status has a rank and a higher rank
/// always wins, so applying the same events in any order, any number of times, ends in the same state:
/// <c>received</c> (inbound only) &lt; <c>pending</c> &lt; <c>deferred</c> &lt; <c>unknown</c> &lt; <c>sent</c> &lt; <c>delivered</c> &lt;
/// <c>partially_delivered</c> &lt; <c>failed</c> &lt; <c>suppressed</c>. A message sent in parts gets its delivery status from all its parts (<see cref="PartDelivery"/>),
/// which moves only up this order as parts become final.
/// <list type="bullet">
/// <item>A receipt can overtake the <c>SmsSent</c> it reports on: a late <c>sent</c> never overwrites <c>delivered</c>.</item>
/// <item>An outcome the carrier call left <c>unknown</c> gives way to what is learned later: a late <c>SmsSent</c> or a
/// receipt (delivered or failed) replaces it; it never replaces them.</item>
/// <item><c>failed</c> and <c>partially_delivered</c> outrank <c>delivered</c>: a multipart message is delivered only when no part failed.</item>
/// <item><c>suppressed</c> is final: such a message never reached a carrier, so nothing else can be true of it.</item>
/// <item>Equal ranks keep what is stored, detail included: a redelivered event changes nothing.</item>
/// </list>
/// </summary>
public static class MessageStatusPrecedence
{
    public static int Rank(string status) => status switch
    {
        MessageStatuses.Received => 0,
        MessageStatuses.Pending => 1,
        MessageStatuses.Deferred => 2,
        MessageStatuses.Unknown => 3,
        MessageStatuses.Sent => 4,
        MessageStatuses.Delivered => 5,
        MessageStatuses.PartiallyDelivered => 6,
        MessageStatuses.Failed => 7,
        MessageStatuses.Suppressed => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Not a message status."),
    };

    /// <summary>The state to store when <paramref name="incoming"/> is learned about a message stored as <paramref name="current"/> (null: not stored yet).</summary>
    public static MessageState Resolve(MessageState? current, MessageState incoming)
    {
        var incomingRank = Rank(incoming.Status);
        return current is { } stored && Rank(stored.Status) >= incomingRank ? stored : incoming;
    }

    /// <summary>Applies every state in turn, starting from <paramref name="current"/>.</summary>
    public static MessageState? ResolveAll(MessageState? current, IEnumerable<MessageState> incoming)
    {
        foreach (var state in incoming)
            current = Resolve(current, state);
        return current;
    }

    /// <summary>
    /// What a carrier's delivery receipt says about the message, or null when it says nothing final (accepted, buffered,
    /// unknown): those stay in the timeline only.
    /// </summary>
    public static MessageState? FromDeliveryReceipt(DeliveryStatus status, string? errorCode) => status switch
    {
        DeliveryStatus.Delivered => new MessageState(MessageStatuses.Delivered, null),
        DeliveryStatus.Failed or DeliveryStatus.Expired or DeliveryStatus.Rejected =>
            new MessageState(MessageStatuses.Failed, string.IsNullOrEmpty(errorCode) || errorCode == "0"
                ? $"Carrier reported {StoredNames.Of(status)}"
                : $"Carrier reported {StoredNames.Of(status)} (error {errorCode})"),
        _ => null,
    };
}
