namespace Sms.Contracts.Routing;

/// <summary>
/// Event for the inbox: automation learned something about a customer from a reply (a flow step's labels, engagement
/// points). Conversations adds the labels to the contact and the points to its engagement score.
/// </summary>
public sealed record ContactProfileChanged
{
    /// <summary>Derived from the cause (the inbound message or the expired session) and the change: the business key.</summary>
    public required Guid ChangeId { get; init; }

    /// <summary>The customer's number, E.164.</summary>
    public required string CustomerNumber { get; init; }

    /// <summary>Our number the conversation runs on.</summary>
    public required string BusinessNumber { get; init; }

    /// <summary>Labels to add, e.g. <c>interest:a</c>. Adding a label the contact has changes nothing.</summary>
    public IReadOnlyList<string> AddLabels { get; init; } = [];

    /// <summary>Points added to the contact's engagement score (e.g. reply +8, purchase intent +12, completed flow +15).</summary>
    public int EngagementPoints { get; init; }

    /// <summary>Why, for people: e.g. <c>reply</c>, <c>purchase_intent</c>, <c>flow_completed:post_purchase_feedback</c>.</summary>
    public IReadOnlyList<string> Reasons { get; init; } = [];

    /// <summary>The inbound message that caused the change, when a reply did.</summary>
    public Guid? InboundMessageId { get; init; }

    public required DateTimeOffset ChangedAt { get; init; }
}
