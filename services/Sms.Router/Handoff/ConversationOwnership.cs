using Sms.Contracts.Conversations;

namespace Sms.Router.Handoff;

/// <summary>
/// Who answers one customer on one of our numbers, as the Router knows it: the newest
/// <see cref="ConversationOwnerChanged"/> from Conversations, or the Router's own escalation when that is newer.
/// Pure; <see cref="Data.OwnershipStore"/> keeps it in Redis. The protocol it is one half of: README, "Who owns a
/// conversation".
/// <para>
/// The Router hands a conversation to people the moment it escalates (<see cref="Escalated"/>), before Conversations
/// has heard of the escalation, so the customer's next message a second later is not escalated again. Conversations'
/// events then take over by <see cref="Version"/>; an event that gives the conversation back to the automation but
/// happened before the Router's escalation (it was on its way meanwhile) changes the version only.
/// </para>
/// </summary>
public sealed record ConversationOwnership(
    ConversationOwner Owner,
    long Version,
    DateTimeOffset ChangedAt,
    string? Team = null,
    string? Agent = null,
    DateTimeOffset? EscalatedByRouterAt = null,
    Guid? EscalatedFor = null)
{
    /// <summary>A conversation nobody has handed to people: the automation answers.</summary>
    public static readonly ConversationOwnership Automation = new(ConversationOwner.Automation, 0, DateTimeOffset.MinValue);

    public bool PeopleOwn => Owner == ConversationOwner.People;

    /// <summary>
    /// The Router escalated customer message <paramref name="inboundMessageId"/> at <paramref name="at"/>: people own
    /// the conversation until Conversations says otherwise.
    /// </summary>
    public ConversationOwnership Escalated(DateTimeOffset at, Guid inboundMessageId) =>
        EscalatedByRouterAt is { } earlier && earlier > at
            ? this with { Owner = ConversationOwner.People }
            : this with { Owner = ConversationOwner.People, EscalatedByRouterAt = at, EscalatedFor = inboundMessageId };

    /// <summary>
    /// Whether the automation still decides about this customer message: it does unless people own the conversation,
    /// and also when the message is the one the Router escalated itself (its escalation, redelivered, is decided and
    /// published again rather than left to people who may never have heard of it).
    /// </summary>
    public bool AutomationDecides(Guid inboundMessageId) => !PeopleOwn || EscalatedFor == inboundMessageId;

    /// <summary>
    /// This ownership after Conversations' event: unchanged when the event is not newer than what is known (a
    /// redelivery, or an older event arriving late); otherwise the event's owner, except that the automation does not
    /// take back a conversation the Router escalated after the event happened.
    /// </summary>
    public ConversationOwnership Apply(ConversationOwnerChanged changed)
    {
        if (changed.Version <= Version) return this;
        // The Router's escalation stays known while it is newer than what Conversations has reported.
        var escalatedLater = EscalatedByRouterAt is { } escalated && escalated > changed.ChangedAt;
        if (changed.Owner == ConversationOwner.Automation && escalatedLater)
            return this with { Version = changed.Version };
        return escalatedLater
            ? new ConversationOwnership(changed.Owner, changed.Version, changed.ChangedAt, changed.Team, changed.Agent, EscalatedByRouterAt, EscalatedFor)
            : new ConversationOwnership(changed.Owner, changed.Version, changed.ChangedAt, changed.Team, changed.Agent);
    }
}
