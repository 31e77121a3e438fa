using System.Text.Json;
using Dapper;
using Npgsql;
using Sms.Contracts.Conversations;
using Sms.Contracts.Routing;
using Sms.Conversations.Data;
using Sms.Conversations.Handoff;
using Sms.Conversations.Tests.Support;

namespace Sms.Conversations.Tests.Handoff;

/// <summary>
/// The hand-over to people on the real database: routing to a team, round-robin assignment within capacity and
/// availability, the queue drained by priority as room frees, the hand-over text (business hours included), the owner
/// changes written to the outbox, and the idle timeout. Each test has a team and agents of its own.
/// </summary>
public sealed class ConversationHandoffTests
{
    private NpgsqlDataSource _dataSource = null!;
    private string _team = null!;
    private string[] _agents = null!;

    [SetUp]
    public async Task SetUp()
    {
        _dataSource = await ConversationsDatabase.GetAsync();
        var suffix = Guid.NewGuid().ToString("N")[..8];
        _team = "team-" + suffix;
        _agents = [$"ann-{suffix}", $"bob-{suffix}", $"cy-{suffix}"];
        await using var connection = await _dataSource.OpenConnectionAsync();
        foreach (var agent in _agents)
        {
            await connection.ExecuteAsync(
                "INSERT INTO conversations.agents (username, display_name, role, password_hash) VALUES (@Agent, @Agent, 'agent', 'x')",
                new { Agent = agent });
        }
    }

    /// <summary>This test's agents sign out, so no other test's conversations are assigned to them.</summary>
    [TearDown]
    public async Task TearDown()
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("DELETE FROM conversations.agent_sessions WHERE username = ANY(@Agents)", new { Agents = _agents });
    }

    /// <summary>The data layer with this test's team (its members, capacity, hours) as the default team, at <paramref name="now"/>.</summary>
    private (ConversationHandoff Handoff, InboxQueries Queries) Service(int capacity = 5, DateTimeOffset? now = null, bool weekdayHoursInLondon = false, IDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Inbox:Teams:DefaultTeam"] = _team,
            ["Inbox:Teams:Teams:0:Name"] = _team,
            ["Inbox:Teams:Teams:0:Capacity"] = capacity.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        for (var i = 0; i < _agents.Length; i++)
            settings[$"Inbox:Teams:Teams:0:Members:{i}"] = _agents[i];
        if (weekdayHoursInLondon)
        {
            settings["Inbox:Teams:Teams:0:BusinessHours:TimeZone"] = "Europe/London";
            foreach (var day in new[] { "Monday", "Tuesday", "Wednesday", "Thursday", "Friday" })
                settings[$"Inbox:Teams:Teams:0:BusinessHours:Weekly:{day}"] = "09:00-17:00";
        }
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
            settings[key] = value;
        var data = ConversationData.Over(_dataSource, settings, now is { } at ? new FixedClock(at) : null);
        return (data.Handoff, data.Queries);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    private async Task SignInAsync(string agent)
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        await connection.ExecuteAsync("""
            INSERT INTO conversations.agent_sessions (id, token_hash, username, created_at, last_seen_at, expires_at)
            VALUES (gen_random_uuid(), decode(md5(random()::text), 'hex'), @Agent, now(), now(), now() + interval '1 hour')
            """, new { Agent = agent });
    }

    /// <summary>A customer's message, escalated with <paramref name="priority"/>: the conversation's id.</summary>
    private async Task<(Events Events, Guid Id)> EscalateAsync(ConversationHandoff handoff, InboxQueries queries,
        EscalationPriority priority = EscalationPriority.Normal, DateTimeOffset? at = null, string text = "can someone help me?")
    {
        var events = Events.ForNewCustomer();
        var data = ConversationData.Over(_dataSource);
        var inbound = events.Inbound(text, at ?? DateTimeOffset.UtcNow);
        await data.Projection.RecordInboundAsync(inbound, CancellationToken.None);
        var outcome = await handoff.EscalateAsync(events.Escalated(inbound) with { Priority = priority }, text, CancellationToken.None);
        Assert.That(outcome.Changed, Is.True);
        var id = await queries.ConversationIdAsync(events.Customer, events.Business, CancellationToken.None);
        return (events, id!.Value);
    }

    private async Task<string?> AssigneeAsync(Guid id)
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        return await connection.QuerySingleAsync<string?>("SELECT assignee FROM conversations.conversations WHERE id = @id", new { id });
    }

    private async Task<IReadOnlyList<ConversationOwnerChanged>> OwnerChangesAsync(Guid conversationId)
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        var payloads = await connection.QueryAsync<string>("""
            SELECT payload::text FROM conversations.outbox
            WHERE message_type = 'ConversationOwnerChanged' AND payload->>'conversationId' = @Id ORDER BY id
            """, new { Id = conversationId.ToString() });
        return payloads.Select(p => JsonSerializer.Deserialize<ConversationOwnerChanged>(p, new JsonSerializerOptions(JsonSerializerDefaults.Web))!).ToList();
    }

    private async Task<IReadOnlyList<string>> HandoverTextsAsync(string customer)
    {
        await using var connection = await _dataSource.OpenConnectionAsync();
        return (await connection.QueryAsync<string>("""
            SELECT payload->>'text' FROM conversations.outbox WHERE message_type = 'SendSms' AND payload->>'to' = @customer ORDER BY id
            """, new { customer })).AsList();
    }

    [Test]
    public async Task An_escalation_goes_to_the_team_queue_tells_the_customer_once_and_announces_the_owner()
    {
        var (handoff, queries) = Service();

        var (events, id) = await EscalateAsync(handoff, queries);
        var again = await handoff.EscalateAsync(events.Escalated(events.Inbound("hello?", DateTimeOffset.UtcNow)), "hello?", CancellationToken.None);

        var row = (await queries.GetConversationAsync(id, CancellationToken.None))!;
        var changes = await OwnerChangesAsync(id);
        Assert.Multiple(async () =>
        {
            Assert.That((row.Owner, row.Team, row.Assignee, row.RoutedBy), Is.EqualTo(("people", _team, (string?)null, "default team")), "nobody signed in: it waits in the queue");
            Assert.That(await HandoverTextsAsync(events.Customer), Is.EqualTo(new[] { "I'm connecting you with a member of our team now." }));
            Assert.That(changes.Select(c => (c.Owner, c.Reason, c.Version, c.Team)), Is.EqualTo(new[] { (ConversationOwner.People, OwnerChangeReason.Escalated, 1L, (string?)_team) }));
            Assert.That(again.HandedOver, Is.False, "a second escalation while people own it hands nothing over");
        });
    }

    [Test]
    public async Task Escalations_are_assigned_round_robin_among_available_agents_within_capacity()
    {
        var (handoff, queries) = Service(capacity: 1);
        await SignInAsync(_agents[0]);
        await SignInAsync(_agents[1]);
        await SignInAsync(_agents[2]);
        await handoff.SetAwayAsync(_agents[2], away: true, CancellationToken.None);

        var first = await EscalateAsync(handoff, queries);
        var second = await EscalateAsync(handoff, queries);
        var third = await EscalateAsync(handoff, queries);

        Assert.Multiple(async () =>
        {
            Assert.That(await AssigneeAsync(first.Id), Is.EqualTo(_agents[0]));
            Assert.That(await AssigneeAsync(second.Id), Is.EqualTo(_agents[1]));
            Assert.That(await AssigneeAsync(third.Id), Is.Null, "both available agents are at capacity; the away one takes nothing");
            Assert.That((await OwnerChangesAsync(first.Id)).Select(c => (c.Reason, c.Agent, c.Version)),
                Is.EqualTo(new[] { (OwnerChangeReason.Escalated, (string?)null, 1L), (OwnerChangeReason.Assigned, (string?)_agents[0], 2L) }));
        });
    }

    [Test]
    public async Task The_queue_is_drained_highest_priority_first_as_soon_as_an_agent_has_room()
    {
        var (handoff, queries) = Service(capacity: 1);
        await SignInAsync(_agents[0]);
        var busy = await EscalateAsync(handoff, queries);
        var normal = await EscalateAsync(handoff, queries, EscalationPriority.Normal);
        var urgent = await EscalateAsync(handoff, queries, EscalationPriority.Urgent);
        Assert.That(await AssigneeAsync(busy.Id), Is.EqualTo(_agents[0]));

        Assert.That(await handoff.ResolveAsync(busy.Id, CancellationToken.None), Is.EqualTo(ActionOutcome.Done));

        Assert.Multiple(async () =>
        {
            Assert.That(await AssigneeAsync(urgent.Id), Is.EqualTo(_agents[0]), "the urgent one, though it waited less");
            Assert.That(await AssigneeAsync(normal.Id), Is.Null);
        });
    }

    [Test]
    public async Task An_agent_who_signs_in_or_comes_back_takes_what_waits()
    {
        var (handoff, queries) = Service();
        var waiting = await EscalateAsync(handoff, queries);
        await SignInAsync(_agents[1]);
        await handoff.SetAwayAsync(_agents[1], away: true, CancellationToken.None);
        await handoff.DrainTeamsAsync(CancellationToken.None);
        Assert.That(await AssigneeAsync(waiting.Id), Is.Null, "away");

        await handoff.SetAwayAsync(_agents[1], away: false, CancellationToken.None);

        Assert.That(await AssigneeAsync(waiting.Id), Is.EqualTo(_agents[1]));
    }

    [Test]
    public async Task A_disabled_agent_takes_nothing_and_their_open_conversations_go_back_to_the_queue_for_another_member()
    {
        var (handoff, queries) = Service(capacity: 1);
        await SignInAsync(_agents[0]);
        var held = await EscalateAsync(handoff, queries);
        var resolved = await EscalateAsync(handoff, queries);
        Assert.That(await AssigneeAsync(held.Id), Is.EqualTo(_agents[0]));
        Assert.That(await AssigneeAsync(resolved.Id), Is.Null, "at capacity");
        await handoff.AssignAsync(resolved.Id, _agents[0], null, CancellationToken.None);
        await handoff.ResolveAsync(resolved.Id, CancellationToken.None);
        await SignInAsync(_agents[1]);
        Assert.That(await AssigneeAsync(held.Id), Is.EqualTo(_agents[0]), "still theirs");

        await using (var connection = await _dataSource.OpenConnectionAsync())
            await connection.ExecuteAsync("UPDATE conversations.agents SET disabled_at = now() WHERE username = @Agent", new { Agent = _agents[0] });
        var released = await handoff.ReleaseAgentAsync(_agents[0], CancellationToken.None);
        var later = await EscalateAsync(handoff, queries);
        var assignedByHand = await handoff.AssignAsync(later.Id, _agents[0], null, CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(released, Is.EqualTo(1));
            Assert.That(await AssigneeAsync(held.Id), Is.EqualTo(_agents[1]), "back to the queue, and taken by the member with room");
            Assert.That(await AssigneeAsync(resolved.Id), Is.EqualTo(_agents[0]), "a resolved conversation keeps its agent");
            Assert.That(await AssigneeAsync(later.Id), Is.Null, "the disabled agent, with a session row still, takes nothing; the other is at capacity");
            Assert.That(assignedByHand, Is.EqualTo(ActionOutcome.UnknownAgent), "nor can anyone assign them one");
        });
    }

    [Test]
    public async Task A_friday_evening_escalation_is_answered_with_mondays_opening_in_the_teams_zone()
    {
        var fridayEvening = new DateTimeOffset(2026, 12, 4, 18, 30, 0, TimeSpan.Zero); // 18:30 in London
        var (handoff, queries) = Service(now: fridayEvening, weekdayHoursInLondon: true);

        var (events, _) = await EscalateAsync(handoff, queries, at: fridayEvening);

        Assert.That(await HandoverTextsAsync(events.Customer), Is.EqualTo(new[] { "Our team is back at 9:00 on Monday and will reply then." }));
    }

    [Test]
    public async Task The_sla_clock_counts_the_teams_business_time_only()
    {
        var mondayTen = new DateTimeOffset(2026, 12, 7, 10, 0, 0, TimeSpan.Zero);
        var (handoff, queries) = Service(now: mondayTen, weekdayHoursInLondon: true);
        var fridayFour = new DateTimeOffset(2026, 12, 4, 16, 0, 0, TimeSpan.Zero);

        var (_, id) = await EscalateAsync(handoff, queries, at: fridayFour);

        var row = (await queries.GetConversationAsync(id, CancellationToken.None))!;
        Assert.That(row.WaitingBusinessSeconds, Is.EqualTo((long)TimeSpan.FromHours(2).TotalSeconds), "Friday 16:00–17:00 and Monday 9:00–10:00");
    }

    [Test]
    public async Task Return_to_automation_and_resolve_announce_the_automation_and_free_the_agent()
    {
        var (handoff, queries) = Service();
        await SignInAsync(_agents[0]);
        var (_, returned) = await EscalateAsync(handoff, queries);
        var (_, resolved) = await EscalateAsync(handoff, queries);

        await handoff.ReturnToAutomationAsync(returned, CancellationToken.None);
        await handoff.ResolveAsync(resolved, CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That((await OwnerChangesAsync(returned))[^1], Has.Property(nameof(ConversationOwnerChanged.Owner)).EqualTo(ConversationOwner.Automation)
                .And.Property(nameof(ConversationOwnerChanged.Reason)).EqualTo(OwnerChangeReason.ReturnedToAutomation));
            Assert.That(await AssigneeAsync(returned), Is.Null);
            Assert.That((await OwnerChangesAsync(resolved))[^1].Reason, Is.EqualTo(OwnerChangeReason.Resolved));
            var row = (await queries.GetConversationAsync(returned, CancellationToken.None))!;
            Assert.That((row.Owner, row.Status, row.WaitingSince), Is.EqualTo(("automation", "open", (DateTime?)null)));
        });
    }

    [Test]
    public async Task A_conversation_left_idle_goes_back_to_the_automation()
    {
        var (handoff, queries) = Service(extra: new Dictionary<string, string?> { ["Inbox:Handoff:IdleTimeout"] = "01:00:00" });
        var (_, idle) = await EscalateAsync(handoff, queries, at: DateTimeOffset.UtcNow.AddHours(-3));
        var (_, recent) = await EscalateAsync(handoff, queries);
        await using (var connection = await _dataSource.OpenConnectionAsync())
        {
            await connection.ExecuteAsync("UPDATE conversations.conversations SET owner_changed_at = now() - interval '2 hours' WHERE id = @idle", new { idle });
        }

        // Rounds of at most 100, as the sweeper runs them: the shared test database may hold older idle conversations.
        while (await handoff.ReturnIdleAsync(CancellationToken.None) == 100)
        {
        }

        Assert.Multiple(async () =>
        {
            Assert.That((await OwnerChangesAsync(idle))[^1].Reason, Is.EqualTo(OwnerChangeReason.Idle));
            Assert.That((await queries.GetConversationAsync(recent, CancellationToken.None))!.Owner, Is.EqualTo("people"));
        });
    }
}
