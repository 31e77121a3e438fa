using Sms.Contracts.Inbound;

namespace Sms.Conversations.Threads;

/// <summary>The latest status of one part of an outbound message (one carrier message id), from its receipts.</summary>
/// <param name="Status">The receipt status, as stored (<c>accepted</c>, <c>delivered</c>, …).</param>
/// <param name="ErrorCode">The carrier's error code of that receipt, if any.</param>
public readonly record struct PartState(DeliveryStatus Status, string? ErrorCode)
{
    /// <summary>Delivered, failed, expired or rejected: the carrier will say nothing more that changes it.</summary>
    public bool IsFinal => Status is DeliveryStatus.Delivered or DeliveryStatus.Failed or DeliveryStatus.Expired or DeliveryStatus.Rejected;

    /// <summary>Failed, expired or rejected: the part did not reach the handset.</summary>
    public bool IsUndelivered => Status is DeliveryStatus.Failed or DeliveryStatus.Expired or DeliveryStatus.Rejected;
}

/// <summary>
/// The delivery status of a message sent in several parts, from the receipts of each part, whatever their order.
/// <para>Per part, a status only moves forward: <c>unknown</c> &lt; <c>accepted</c> &lt; <c>buffered</c> &lt;
/// <c>delivered</c> &lt; <c>expired</c> &lt; <c>failed</c> &lt; <c>rejected</c>. A late <c>accepted</c> never undoes
/// <c>delivered</c>; between two final receipts of one part (rare) the worse one wins, as for whole messages
/// (<see cref="MessageStatusPrecedence"/>), so the result never depends on the order they arrived in.</para>
/// <para>Per message: every part delivered → <c>delivered</c>; every part failed, expired or rejected → <c>failed</c>;
/// some delivered and some not → <c>partially_delivered</c> (known as soon as one of each is reported); otherwise (a
/// part still without a final receipt) → <c>sent</c>. Each of these follows only from more parts becoming final, so the
/// message's status never moves backwards either.</para>
/// </summary>
public static class PartDelivery
{
    public static int Rank(DeliveryStatus status) => status switch
    {
        DeliveryStatus.Unknown => 0,
        DeliveryStatus.Accepted => 1,
        DeliveryStatus.Buffered => 2,
        DeliveryStatus.Delivered => 3,
        DeliveryStatus.Expired => 4,
        DeliveryStatus.Failed => 5,
        DeliveryStatus.Rejected => 6,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "Not a delivery status."),
    };

    /// <summary>The part's state once <paramref name="incoming"/> is learned (<paramref name="current"/> null: no receipt yet).</summary>
    public static PartState Advance(PartState? current, PartState incoming) =>
        current is { } stored && Rank(stored.Status) >= Rank(incoming.Status) ? stored : incoming;

    /// <summary>The part's latest state from all its receipts, in any order; null when it has none.</summary>
    public static PartState? Latest(IEnumerable<PartState> receipts)
    {
        PartState? current = null;
        foreach (var receipt in receipts)
            current = Advance(current, receipt);
        return current;
    }

    /// <summary>
    /// The message's status from the latest state of each of its parts, in part order (null: no receipt for that part
    /// yet). A message with no parts known is <c>sent</c>.
    /// </summary>
    public static MessageState Of(IReadOnlyList<PartState?> parts)
    {
        var delivered = parts.Count(p => p is { Status: DeliveryStatus.Delivered });
        var undelivered = parts.Where(p => p is { IsUndelivered: true }).Select(p => p!.Value).ToList();

        if (parts.Count > 0 && delivered == parts.Count)
            return new MessageState(MessageStatuses.Delivered, null);
        if (parts.Count > 0 && undelivered.Count == parts.Count)
            return new MessageState(MessageStatuses.Failed, FailureDetail(undelivered[0]));
        if (delivered > 0 && undelivered.Count > 0)
        {
            return new MessageState(MessageStatuses.PartiallyDelivered,
                $"{delivered} of {parts.Count} parts delivered; {FailureDetail(undelivered[0])}");
        }
        return new MessageState(MessageStatuses.Sent, null);
    }

    /// <summary>
    /// The message's state once its status from its parts (<see cref="Of"/>) is known: as
    /// <see cref="MessageStatusPrecedence.Resolve"/>, except that at equal rank the parts' state wins, since it is
    /// computed from every receipt so far (the detail "2 of 3 parts delivered" replaces "1 of 3").
    /// </summary>
    public static MessageState Apply(MessageState? current, MessageState fromParts) =>
        current is { } stored && MessageStatusPrecedence.Rank(stored.Status) > MessageStatusPrecedence.Rank(fromParts.Status)
            ? stored
            : fromParts;

    private static string FailureDetail(PartState part) =>
        MessageStatusPrecedence.FromDeliveryReceipt(part.Status, part.ErrorCode)?.Detail ?? $"Carrier reported {StoredNames.Of(part.Status)}";

    /// <summary>A status as stored in <c>delivery_events.status</c> (<see cref="StoredNames"/>), or null if not one.</summary>
    public static DeliveryStatus? Parse(string stored) =>
        Enum.TryParse<DeliveryStatus>(stored.Replace("_", "", StringComparison.Ordinal), ignoreCase: true, out var status)
            ? status
            : null;
}
