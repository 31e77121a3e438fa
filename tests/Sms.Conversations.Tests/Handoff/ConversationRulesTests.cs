using Sms.Contracts.Conversations;
using Sms.Conversations.Handoff;
using static Sms.Conversations.Threads.ConversationStatuses;
using E = Sms.Conversations.Handoff.ConversationEvent;

namespace Sms.Conversations.Tests.Handoff;

/// <summary>Every row of the table in README, "Who owns a conversation".</summary>
public class ConversationRulesTests
{
    private static readonly ConversationState Automation = ConversationState.New;
    private static readonly ConversationState AutomationResolved = Automation with { Status = Resolved, Team = "support", Assignee = "sam", OwnerVersion = 4 };
    private static readonly ConversationState Queued = new(WaitingOnAgent, ConversationOwner.People, "support", null, 1);
    private static readonly ConversationState WithSam = new(Open, ConversationOwner.People, "support", "sam", 2);

    [Test]
    public void A_customer_writing_opens_a_resolved_conversation_and_changes_no_owner()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ConversationRules.Apply(AutomationResolved, new E.CustomerWrote()), Is.EqualTo(new ConversationTransition(AutomationResolved with { Status = Open }, null)));
            Assert.That(ConversationRules.Apply(WithSam, new E.CustomerWrote()), Is.EqualTo(new ConversationTransition(WithSam, null)));
            Assert.That(ConversationRules.Apply(Queued, new E.CustomerWrote()), Is.EqualTo(new ConversationTransition(Queued, null)));
        });
    }

    [Test]
    public void An_escalation_hands_an_automation_conversation_to_the_teams_queue_and_tells_the_customer_once()
    {
        var transition = ConversationRules.Apply(Automation, new E.Escalated("billing"));

        Assert.That(transition, Is.EqualTo(new ConversationTransition(
            new ConversationState(WaitingOnAgent, ConversationOwner.People, "billing", null, 1), OwnerChangeReason.Escalated, TellCustomer: true)));
    }

    [Test]
    public void An_escalation_of_a_conversation_people_own_tells_nobody_and_keeps_team_and_agent()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ConversationRules.Apply(WithSam, new E.Escalated("billing")), Is.EqualTo(new ConversationTransition(WithSam with { Status = WaitingOnAgent }, null)));
            Assert.That(ConversationRules.Apply(Queued, new E.Escalated("billing")), Is.EqualTo(new ConversationTransition(Queued, null)));
        });
    }

    [Test]
    public void An_agent_writing_to_a_customer_the_automation_owns_takes_the_conversation()
    {
        var transition = ConversationRules.Apply(Automation, new E.AgentReplied("alex"));

        Assert.That(transition, Is.EqualTo(new ConversationTransition(
            new ConversationState(Open, ConversationOwner.People, null, "alex", 1), OwnerChangeReason.AgentReplied)));
    }

    [Test]
    public void An_agent_answering_from_the_queue_takes_it_and_it_no_longer_waits()
    {
        var transition = ConversationRules.Apply(Queued, new E.AgentReplied("alex"));

        Assert.That(transition, Is.EqualTo(new ConversationTransition(
            new ConversationState(Open, ConversationOwner.People, "support", "alex", 2), OwnerChangeReason.AgentReplied)));
    }

    [Test]
    public void Another_reply_in_an_assigned_conversation_announces_nothing()
    {
        var waiting = WithSam with { Status = WaitingOnAgent };

        Assert.Multiple(() =>
        {
            Assert.That(ConversationRules.Apply(waiting, new E.AgentReplied("sam")), Is.EqualTo(new ConversationTransition(WithSam, null)));
            Assert.That(ConversationRules.Apply(WithSam, new E.AgentReplied("alex")), Is.EqualTo(new ConversationTransition(WithSam, null)), "a colleague helping does not take it");
        });
    }

    [Test]
    public void Assigning_gives_it_to_people_and_is_announced_once()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ConversationRules.Apply(Queued, new E.Assigned("sam")), Is.EqualTo(new ConversationTransition(Queued with { Assignee = "sam", OwnerVersion = 2 }, OwnerChangeReason.Assigned)));
            Assert.That(ConversationRules.Apply(WithSam, new E.Assigned("sam")), Is.EqualTo(new ConversationTransition(WithSam, null)));
            Assert.That(ConversationRules.Apply(WithSam, new E.Assigned(null)), Is.EqualTo(new ConversationTransition(WithSam with { Assignee = null, OwnerVersion = 3 }, OwnerChangeReason.Assigned)), "back to the team's queue");
            Assert.That(ConversationRules.Apply(WithSam, new E.Assigned(null, "billing")), Is.EqualTo(new ConversationTransition(WithSam with { Assignee = null, Team = "billing", OwnerVersion = 3 }, OwnerChangeReason.Assigned)), "to another team");
            Assert.That(ConversationRules.Apply(AutomationResolved, new E.Assigned("alex")), Is.EqualTo(new ConversationTransition(
                new ConversationState(Open, ConversationOwner.People, "support", "alex", 5), OwnerChangeReason.Assigned)), "a resolved one opens");
        });
    }

    [Test]
    public void Resolving_gives_it_back_to_the_automation_keeps_the_agent_and_stops_the_clock()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ConversationRules.Apply(WithSam, new E.Resolved()), Is.EqualTo(new ConversationTransition(
                new ConversationState(Resolved, ConversationOwner.Automation, "support", "sam", 3), OwnerChangeReason.Resolved, ClearWaiting: true)));
            Assert.That(ConversationRules.Apply(Automation, new E.Resolved()), Is.EqualTo(new ConversationTransition(
                Automation with { Status = Resolved }, null, ClearWaiting: true)), "nothing to announce: the automation owned it");
        });
    }

    [Test]
    public void Reopening_gives_it_to_its_team_and_agent_again()
    {
        Assert.That(ConversationRules.Apply(AutomationResolved, new E.Reopened()), Is.EqualTo(new ConversationTransition(
            new ConversationState(Open, ConversationOwner.People, "support", "sam", 5), OwnerChangeReason.Reopened)));
    }

    [Test]
    public void Returning_to_the_automation_unassigns_and_stops_the_clock()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ConversationRules.Apply(Queued, new E.ReturnedToAutomation()), Is.EqualTo(new ConversationTransition(
                new ConversationState(Open, ConversationOwner.Automation, "support", null, 2), OwnerChangeReason.ReturnedToAutomation, ClearWaiting: true)));
            Assert.That(ConversationRules.Apply(Automation, new E.ReturnedToAutomation()), Is.EqualTo(new ConversationTransition(Automation, null)));
        });
    }

    [Test]
    public void An_idle_conversation_goes_back_to_the_automation()
    {
        Assert.Multiple(() =>
        {
            Assert.That(ConversationRules.Apply(WithSam, new E.Idle()), Is.EqualTo(new ConversationTransition(
                new ConversationState(Open, ConversationOwner.Automation, "support", null, 3), OwnerChangeReason.Idle, ClearWaiting: true)));
            Assert.That(ConversationRules.Apply(Automation, new E.Idle()), Is.EqualTo(new ConversationTransition(Automation, null)));
        });
    }

    [Test]
    public void Every_change_of_owner_or_agent_counts_one_version()
    {
        var state = Automation;
        var versions = new List<long>();
        foreach (var @event in new E[] { new E.Escalated("support"), new E.Assigned("sam"), new E.AgentReplied("sam"), new E.Resolved(), new E.Reopened(), new E.ReturnedToAutomation(), new E.AgentReplied("alex"), new E.Idle() })
        {
            var transition = ConversationRules.Apply(state, @event);
            if (transition.Announce is not null) versions.Add(transition.State.OwnerVersion);
            state = transition.State;
        }

        Assert.That(versions, Is.EqualTo(new long[] { 1, 2, 3, 4, 5, 6, 7 }));
    }
}
