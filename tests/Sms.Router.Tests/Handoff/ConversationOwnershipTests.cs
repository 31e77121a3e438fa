using Sms.Contracts.Conversations;
using Sms.Router.Handoff;

namespace Sms.Router.Tests.Handoff;

public class ConversationOwnershipTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 4, 9, 0, 0, TimeSpan.Zero);
    private static readonly Guid Reply = Guid.NewGuid();

    private static ConversationOwnerChanged Changed(ConversationOwner owner, long version, DateTimeOffset at, OwnerChangeReason reason = OwnerChangeReason.Assigned, string? agent = null) => new()
    {
        ConversationId = Guid.NewGuid(),
        CustomerNumber = "+15550001111",
        BusinessNumber = "+15550002222",
        Owner = owner,
        Reason = reason,
        Team = owner == ConversationOwner.People ? "support" : null,
        Agent = agent,
        Version = version,
        ChangedAt = at,
    };

    [Test]
    public void A_conversation_nobody_handed_over_is_the_automations()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ConversationOwnership.Automation.PeopleOwn, Is.False);
            Assert.That(ConversationOwnership.Automation.AutomationDecides(Reply), Is.True);
        });
    }

    [Test]
    public void The_routers_escalation_hands_it_to_people_at_once_except_for_the_escalated_message_itself()
    {
        var escalated = ConversationOwnership.Automation.Escalated(T0, Reply);

        Assert.Multiple(() =>
        {
            Assert.That(escalated.PeopleOwn, Is.True);
            Assert.That(escalated.AutomationDecides(Guid.NewGuid()), Is.False, "the customer's next message");
            Assert.That(escalated.AutomationDecides(Reply), Is.True, "the escalated message, redelivered, is decided again");
        });
    }

    [Test]
    public void A_newer_event_replaces_what_is_known()
    {
        var assigned = ConversationOwnership.Automation.Apply(Changed(ConversationOwner.People, 1, T0, agent: "sam"));
        var resolved = assigned.Apply(Changed(ConversationOwner.Automation, 2, T0.AddMinutes(5), OwnerChangeReason.Resolved));

        Assert.Multiple(() =>
        {
            Assert.That(assigned, Is.EqualTo(new ConversationOwnership(ConversationOwner.People, 1, T0, "support", "sam")));
            Assert.That(resolved.PeopleOwn, Is.False);
            Assert.That(resolved.Version, Is.EqualTo(2));
        });
    }

    [TestCase(1)]
    [TestCase(2)]
    public void An_event_not_newer_than_what_is_known_changes_nothing(long version)
    {
        var known = ConversationOwnership.Automation.Apply(Changed(ConversationOwner.People, 2, T0, agent: "sam"));

        Assert.That(known.Apply(Changed(ConversationOwner.Automation, version, T0.AddHours(1), OwnerChangeReason.Resolved)), Is.SameAs(known));
    }

    [Test]
    public void A_return_to_the_automation_that_happened_before_the_routers_escalation_does_not_undo_it()
    {
        var escalated = ConversationOwnership.Automation.Escalated(T0, Reply);

        var afterLateResolve = escalated.Apply(Changed(ConversationOwner.Automation, 4, T0.AddSeconds(-30), OwnerChangeReason.Resolved));

        Assert.Multiple(() =>
        {
            Assert.That(afterLateResolve.PeopleOwn, Is.True);
            Assert.That(afterLateResolve.Version, Is.EqualTo(4), "a still older event is refused next");
        });
    }

    [Test]
    public void A_return_to_the_automation_after_the_routers_escalation_gives_it_back()
    {
        var escalated = ConversationOwnership.Automation.Escalated(T0, Reply);

        var resolved = escalated.Apply(Changed(ConversationOwner.Automation, 5, T0.AddMinutes(10), OwnerChangeReason.Resolved));

        Assert.Multiple(() =>
        {
            Assert.That(resolved.PeopleOwn, Is.False);
            Assert.That(resolved.EscalatedByRouterAt, Is.Null);
            Assert.That(resolved.AutomationDecides(Guid.NewGuid()), Is.True);
        });
    }

    [Test]
    public void The_routers_escalation_is_remembered_past_an_older_people_event_so_a_late_resolve_cannot_undo_it()
    {
        var escalated = ConversationOwnership.Automation.Escalated(T0, Reply);

        var assignedEarlier = escalated.Apply(Changed(ConversationOwner.People, 3, T0.AddMinutes(-2), agent: "sam"));
        var resolvedEarlier = assignedEarlier.Apply(Changed(ConversationOwner.Automation, 4, T0.AddMinutes(-1), OwnerChangeReason.Resolved));

        Assert.Multiple(() =>
        {
            Assert.That(assignedEarlier.Agent, Is.EqualTo("sam"));
            Assert.That(resolvedEarlier.PeopleOwn, Is.True);
        });
    }

    [Test]
    public void Conversations_report_of_the_escalation_takes_over_from_the_routers_mark()
    {
        var escalated = ConversationOwnership.Automation.Escalated(T0, Reply);

        var reported = escalated.Apply(Changed(ConversationOwner.People, 1, T0, OwnerChangeReason.Escalated));

        Assert.Multiple(() =>
        {
            Assert.That(reported.PeopleOwn, Is.True);
            Assert.That(reported.EscalatedByRouterAt, Is.Null);
            Assert.That(reported.AutomationDecides(Reply), Is.False, "Conversations has the escalation");
        });
    }

    [Test]
    public void An_earlier_escalation_arriving_after_a_later_one_keeps_the_later()
    {
        var later = Guid.NewGuid();
        var escalated = ConversationOwnership.Automation.Escalated(T0.AddMinutes(1), later).Escalated(T0, Reply);

        Assert.Multiple(() =>
        {
            Assert.That(escalated.EscalatedByRouterAt, Is.EqualTo(T0.AddMinutes(1)));
            Assert.That(escalated.EscalatedFor, Is.EqualTo(later));
        });
    }
}
