using Sms.Contracts.Routing;
using Sms.Conversations.Extensions;
using Sms.Conversations.Teams;

namespace Sms.Conversations.Tests.Teams;

/// <summary>Round robin among the members who can take a conversation, and draining a team's queue.</summary>
public sealed class AgentAssignmentTests
{
    /// <summary>sam, alex and kim, in that order, two open conversations each at most.</summary>
    private static readonly Team Billing = new TeamDirectory(new TeamsOptions
    {
        DefaultTeam = "billing",
        Teams = [new TeamOptions { Name = "billing", Members = ["sam", "alex", "kim"], Capacity = 2 }],
    }).Default;

    /// <summary>The team of every agent when no teams are configured (capacity 5).</summary>
    private static readonly Team Everyone = new TeamDirectory(new TeamsOptions()).Default;

    /// <summary>
    /// Agents written as <c>name:state:open</c>, comma-separated; state <c>on</c> (signed in), <c>away</c> (signed in,
    /// marked away) or <c>off</c> (signed out).
    /// </summary>
    private static List<AgentState> Agents(string spec) => spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(agent => agent.Split(':'))
        .Select(p => new AgentState { Username = p[0], SignedIn = p[1] != "off", Away = p[1] == "away", OpenConversations = int.Parse(p[2]) })
        .ToList();

    private const string AllFree = "sam:on:0, alex:on:0, kim:on:0";

    [TestCase(AllFree, null, "sam", TestName = "No pointer: the first member")]
    [TestCase(AllFree, "sam", "alex", TestName = "After sam: alex")]
    [TestCase(AllFree, "alex", "kim", TestName = "After alex: kim")]
    [TestCase(AllFree, "kim", "sam", TestName = "After the last member the round wraps to the first")]
    [TestCase(AllFree, "former", "sam", TestName = "A pointer no longer a member: the first member")]
    [TestCase("sam:on:0, alex:away:0, kim:on:0", "sam", "kim", TestName = "An agent marked away is skipped")]
    [TestCase("sam:on:0, alex:off:0, kim:on:0", "sam", "kim", TestName = "A signed-out agent is skipped")]
    [TestCase("sam:on:0, kim:on:0", "sam", "kim", TestName = "A member without state is taken as signed out")]
    [TestCase("sam:on:0, alex:on:2, kim:on:0", "sam", "kim", TestName = "A member at capacity is skipped")]
    [TestCase("sam:on:0, alex:on:1, kim:on:0", "sam", "alex", TestName = "A member one below capacity still takes one")]
    [TestCase("sam:on:0, alex:on:3, kim:on:0", "sam", "kim", TestName = "A member over capacity (capacity lowered) is skipped")]
    [TestCase("sam:on:2, alex:on:2, kim:on:1", "kim", "kim", TestName = "The last assigned takes another when nobody else can")]
    [TestCase("sam:away:0, alex:off:0, kim:on:2", "sam", null, TestName = "Nobody available with room: null")]
    [TestCase("sam:on:2, alex:on:2, kim:on:2", null, null, TestName = "Everybody at capacity: null")]
    [TestCase("", null, null, TestName = "Nobody signed in: null")]
    [TestCase("pat:on:0, sam:off:0", null, null, TestName = "An agent not in the team is never chosen")]
    public void Chooses_round_robin_among_members_who_can_take_it(string agents, string? lastAssigned, string? expected) =>
        Assert.That(AgentAssignment.Choose(Billing, Agents(agents), lastAssigned), Is.EqualTo(expected));

    [TestCase("bea:on:0, cal:on:0, dan:on:0", null, "bea", TestName = "Everyone: the first user name")]
    [TestCase("bea:on:0, cal:on:0, dan:on:0", "bea", "cal", TestName = "Everyone: the next user name")]
    [TestCase("bea:on:0, cal:on:0, dan:on:0", "dan", "bea", TestName = "Everyone: wraps")]
    [TestCase("dan:on:0, bea:on:0", "cal", "dan", TestName = "Everyone: a pointer whose agent is gone keeps the turn")]
    [TestCase("bea:on:5, cal:away:0, dan:on:4", "bea", "dan", TestName = "Everyone: skips away and full agents")]
    public void The_team_of_every_agent_goes_round_in_user_name_order(string agents, string? lastAssigned, string? expected) =>
        Assert.That(AgentAssignment.Choose(Everyone, Agents(agents), lastAssigned), Is.EqualTo(expected));

    private static readonly DateTimeOffset Now = new(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);

    private static QueuedConversation Queued(int id, EscalationPriority priority, int minutesWaiting) =>
        new(new Guid(id, 0, 0, new byte[8]), priority, Now.AddMinutes(-minutesWaiting));

    private static IEnumerable<int> Ids(IEnumerable<Assignment> assignments) => assignments.Select(a => BitConverter.ToInt32(a.ConversationId.ToByteArray(), 0));

    [Test]
    public void Draining_takes_the_highest_priority_then_the_longest_waiting_and_stops_when_nobody_has_room()
    {
        var queue = new[]
        {
            Queued(1, EscalationPriority.Normal, 30),
            Queued(2, EscalationPriority.Urgent, 1),
            Queued(3, EscalationPriority.Normal, 50),
            Queued(4, EscalationPriority.High, 5),
            Queued(5, EscalationPriority.High, 20),
            Queued(6, EscalationPriority.Normal, 10),
            Queued(7, EscalationPriority.Normal, 60 * 24),
        };
        // Room for five: sam 2, alex 2, kim 1.
        var assignments = AgentAssignment.Drain(Billing, queue, Agents("sam:on:0, alex:on:0, kim:on:1"), lastAssigned: null);
        Assert.Multiple(() =>
        {
            Assert.That(Ids(assignments), Is.EqualTo(new[] { 2, 5, 4, 7, 3 }), "urgent, high oldest first, normal oldest first");
            Assert.That(assignments.Select(a => a.Username), Is.EqualTo(new[] { "sam", "alex", "kim", "sam", "alex" }),
                "round robin; kim is full after one");
        });
    }

    [Test]
    public void Draining_fills_capacity_exactly()
    {
        var queue = Enumerable.Range(1, 4).Select(i => Queued(i, EscalationPriority.Normal, 10 - i)).ToList();
        var assignments = AgentAssignment.Drain(Billing, queue, Agents("sam:on:1, alex:off:0, kim:on:1"), lastAssigned: "sam");
        Assert.That(assignments.Select(a => (Ids([a]).Single(), a.Username)), Is.EqualTo(new[] { (1, "kim"), (2, "sam") }));
    }

    [Test]
    public void Draining_continues_the_round_from_the_pointer()
    {
        var queue = Enumerable.Range(1, 3).Select(i => Queued(i, EscalationPriority.Normal, 10 - i)).ToList();
        var assignments = AgentAssignment.Drain(Billing, queue, Agents(AllFree), lastAssigned: "alex");
        Assert.That(assignments.Select(a => a.Username), Is.EqualTo(new[] { "kim", "sam", "alex" }));
    }

    [TestCase("sam:away:0, alex:off:0, kim:on:2", TestName = "Nobody with room: nothing assigned")]
    [TestCase("", TestName = "Nobody signed in: nothing assigned")]
    public void Draining_assigns_nothing_when_nobody_can_take_it(string agents) =>
        Assert.That(AgentAssignment.Drain(Billing, [Queued(1, EscalationPriority.Urgent, 5)], Agents(agents), null), Is.Empty);

    [Test]
    public void Draining_an_empty_queue_assigns_nothing() =>
        Assert.That(AgentAssignment.Drain(Billing, [], Agents(AllFree), null), Is.Empty);

    [Test]
    public void A_conversation_listed_twice_is_assigned_once()
    {
        var conversation = Queued(1, EscalationPriority.Normal, 5);
        Assert.That(AgentAssignment.Drain(Billing, [conversation, conversation], Agents(AllFree), null), Has.Count.EqualTo(1));
    }

    [Test]
    public void Draining_for_the_team_of_every_agent_uses_their_capacity()
    {
        var queue = Enumerable.Range(1, 12).Select(i => Queued(i, EscalationPriority.Normal, 100 - i)).ToList();
        var assignments = AgentAssignment.Drain(Everyone, queue, Agents("bea:on:0, cal:on:3"), null);
        Assert.Multiple(() =>
        {
            Assert.That(assignments, Has.Count.EqualTo(7), "bea 5, cal 2");
            Assert.That(assignments.Take(4).Select(a => a.Username), Is.EqualTo(new[] { "bea", "cal", "bea", "cal" }));
        });
    }
}
