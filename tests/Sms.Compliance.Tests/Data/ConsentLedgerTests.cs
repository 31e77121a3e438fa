using Dapper;
using Npgsql;
using Sms.Compliance.Consent;
using Sms.Compliance.Data;
using Sms.Compliance.Tests.Support;
using Sms.Contracts.Compliance;
using Sms.Testing;

namespace Sms.Compliance.Tests.Data;

/// <summary>Against the real PostgreSQL; every test uses numbers of its own.</summary>
public class ConsentLedgerTests : ComplianceDatabaseFixture
{
    private const string Scope = "default";
    private static readonly DateTimeOffset T0 = new(2025, 6, 1, 9, 0, 0, TimeSpan.Zero);


    [Test]
    public async Task A_number_never_seen_has_no_consent()
    {
        var state = await Ledger.GetStateAsync(TestNumbers.Unique(), Scope, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(state.Overall, Is.EqualTo(ConsentStatus.None));
            Assert.That(state.Latest, Is.Null);
        });
    }

    [Test]
    public async Task Opt_out_then_opt_in_leaves_the_number_opted_in()
    {
        var number = TestNumbers.Unique();
        await RecordAsync(number, ConsentKind.OptOut, T0, "keyword:STOP");
        await RecordAsync(number, ConsentKind.OptIn, T0.AddMinutes(1), "keyword:START");

        var state = await Ledger.GetStateAsync(number, Scope, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(state.Overall, Is.EqualTo(ConsentStatus.OptedIn));
            Assert.That(state.Latest!.Rule, Is.EqualTo("keyword:START"));
        });
    }

    [Test]
    public async Task Opt_in_then_opt_out_leaves_the_number_opted_out()
    {
        var number = TestNumbers.Unique();
        await RecordAsync(number, ConsentKind.OptIn, T0, "keyword:START");
        await RecordAsync(number, ConsentKind.OptOut, T0.AddMinutes(1), "keyword:STOP");

        Assert.That((await Ledger.GetStateAsync(number, Scope, CancellationToken.None)).Overall, Is.EqualTo(ConsentStatus.OptedOut));
    }

    [Test]
    public async Task The_customers_latest_action_decides_even_when_recorded_late()
    {
        var number = TestNumbers.Unique();
        await RecordAsync(number, ConsentKind.OptIn, T0.AddMinutes(5), "keyword:START");
        await RecordAsync(number, ConsentKind.OptOut, T0, "keyword:STOP"); // sent earlier, processed after a retry

        Assert.That((await Ledger.GetStateAsync(number, Scope, CancellationToken.None)).Overall, Is.EqualTo(ConsentStatus.OptedIn));
    }

    [Test]
    public async Task History_lists_every_event_oldest_first_with_its_evidence()
    {
        var number = TestNumbers.Unique();
        var stop = await RecordAsync(number, ConsentKind.OptOut, T0, "keyword:STOP", "Stop!");
        var start = await RecordAsync(number, ConsentKind.OptIn, T0.AddHours(1), "keyword:START", "start");
        var again = await RecordAsync(number, ConsentKind.OptOut, T0.AddHours(2), "keyword:QUIT", "quit");

        var history = await Ledger.GetHistoryAsync(number, Scope, CancellationToken.None);

        Assert.That(history.Select(e => e.Id), Is.EqualTo(new[] { stop.Id, start.Id, again.Id }));
        Assert.Multiple(() =>
        {
            Assert.That(history.Select(e => e.Kind), Is.EqualTo(new[] { ConsentKind.OptOut, ConsentKind.OptIn, ConsentKind.OptOut }));
            Assert.That(history[0].Rule, Is.EqualTo("keyword:STOP"));
            Assert.That(history[0].Source, Is.EqualTo(ConsentSource.Keyword));
            Assert.That(history[0].EvidenceMessageId, Is.EqualTo(stop.EvidenceMessageId));
            Assert.That(history[0].EvidenceText, Is.EqualTo("Stop!"));
            Assert.That(history[0].OccurredAt, Is.EqualTo(T0));
            Assert.That(history[0].RecordedAt, Is.EqualTo(stop.RecordedAt));
            Assert.That(history[0].RecordedAt, Is.GreaterThan(DateTimeOffset.UtcNow.AddMinutes(-5)));
        });
    }

    [Test]
    public async Task Recording_the_same_message_twice_adds_one_row()
    {
        var number = TestNumbers.Unique();
        var messageId = Guid.NewGuid();
        var candidate = Event(number, ConsentKind.OptOut, T0, "keyword:STOP", messageId, "STOP");

        var first = await Ledger.RecordAsync(candidate, messageId, CancellationToken.None);
        var second = await Ledger.RecordAsync(candidate with { OccurredAt = T0.AddMinutes(1) }, messageId, CancellationToken.None);

        var history = await Ledger.GetHistoryAsync(number, Scope, CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(first.IsNew, Is.True);
            Assert.That(second.IsNew, Is.False);
            Assert.That(second.Event, Is.EqualTo(first.Event), "the event stored the first time");
            Assert.That(history, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task A_cause_recorded_twice_returns_its_stored_row_even_when_the_row_names_no_evidence_of_it()
    {
        var number = TestNumbers.Unique();
        var requestId = Guid.NewGuid();
        var candidate = Event(number, ConsentKind.OptOut, T0, "agent:alice", Guid.NewGuid(), "Asked on a call") with { EvidenceMessageId = null };

        var first = await Ledger.RecordAsync(candidate, requestId, CancellationToken.None);
        var second = await Ledger.RecordAsync(candidate, requestId, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(second.IsNew, Is.False);
            Assert.That(second.Event.Id, Is.Not.Zero.And.EqualTo(first.Event.Id));
            Assert.That(second.Event.RecordedAt, Is.EqualTo(first.Event.RecordedAt), "the time the ledger stored it");
        });
    }

    [Test]
    public async Task A_message_processed_before_rows_were_linked_to_it_is_answered_by_the_row_it_is_evidence_of()
    {
        var number = TestNumbers.Unique();
        var messageId = Guid.NewGuid();
        var candidate = Event(number, ConsentKind.OptOut, T0, "keyword:STOP", messageId, "STOP");
        var first = await Ledger.RecordAsync(candidate, messageId, CancellationToken.None);
        await using (var connection = await DataSource.OpenConnectionAsync())
            await connection.ExecuteAsync("UPDATE compliance.processed_messages SET consent_event_id = NULL WHERE message_id = @messageId", new { messageId });

        var second = await Ledger.RecordAsync(candidate, messageId, CancellationToken.None);

        Assert.That(second.Event, Is.EqualTo(first.Event));
    }

    [Test]
    public async Task The_same_message_recorded_concurrently_adds_one_row()
    {
        var number = TestNumbers.Unique();
        var messageId = Guid.NewGuid();
        var candidate = Event(number, ConsentKind.OptOut, T0, "keyword:STOP", messageId, "STOP");

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Ledger.RecordAsync(candidate, messageId, CancellationToken.None)));

        var history = await Ledger.GetHistoryAsync(number, Scope, CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(results.Count(r => r.IsNew), Is.EqualTo(1));
            Assert.That(results.Select(r => r.Event.Id).Distinct().Count(), Is.EqualTo(1));
            Assert.That(history, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task The_state_for_a_message_includes_the_event_that_message_caused()
    {
        var number = TestNumbers.Unique();
        var stop = await RecordAsync(number, ConsentKind.OptOut, T0, "keyword:STOP");
        await RecordAsync(number, ConsentKind.OptIn, T0.AddMinutes(1), "keyword:START");

        var reading = await Ledger.GetStateForMessageAsync(number, Scope, stop.EvidenceMessageId!.Value, CancellationToken.None);
        var unrelated = await Ledger.GetStateForMessageAsync(number, Scope, Guid.NewGuid(), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(reading.State.Overall, Is.EqualTo(ConsentStatus.OptedIn));
            Assert.That(reading.CausedByMessage, Is.EqualTo(stop));
            Assert.That(unrelated.CausedByMessage, Is.Null);
        });
    }

    [Test]
    public async Task Scopes_are_independent()
    {
        var number = TestNumbers.Unique();
        await RecordAsync(number, ConsentKind.OptOut, T0, "keyword:STOP", scope: "brand-a");

        var brandA = await Ledger.GetStateAsync(number, "brand-a", CancellationToken.None);
        var brandB = await Ledger.GetStateAsync(number, "brand-b", CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(brandA.Overall, Is.EqualTo(ConsentStatus.OptedOut));
            Assert.That(brandB.Overall, Is.EqualTo(ConsentStatus.None));
        });
    }

    [Test]
    public async Task Recorded_events_cannot_be_changed_or_deleted()
    {
        var number = TestNumbers.Unique();
        var stop = await RecordAsync(number, ConsentKind.OptOut, T0, "keyword:STOP");
        await using var connection = await DataSource.OpenConnectionAsync();

        Assert.Multiple(() =>
        {
            Assert.That(() => connection.ExecuteAsync("UPDATE compliance.consent_events SET kind = 'opt_in' WHERE id = @Id", new { stop.Id }),
                Throws.InstanceOf<PostgresException>().With.Message.Contains("append-only"));
            Assert.That(() => connection.ExecuteAsync("DELETE FROM compliance.consent_events WHERE id = @Id", new { stop.Id }),
                Throws.InstanceOf<PostgresException>().With.Message.Contains("append-only"));
        });
        Assert.That((await Ledger.GetStateAsync(number, Scope, CancellationToken.None)).Overall, Is.EqualTo(ConsentStatus.OptedOut));
    }

    private async Task<ConsentEvent> RecordAsync(
        string number, ConsentKind kind, DateTimeOffset occurredAt, string rule, string? text = null, string scope = Scope)
    {
        var messageId = Guid.NewGuid();
        var recording = await Ledger.RecordAsync(Event(number, kind, occurredAt, rule, messageId, text, scope), messageId, CancellationToken.None);
        return recording.Event;
    }

    private static ConsentEvent Event(
        string number, ConsentKind kind, DateTimeOffset occurredAt, string rule, Guid messageId, string? text, string scope = Scope) => new()
        {
            Number = number,
            Scope = scope,
            Kind = kind,
            Source = ConsentSource.Keyword,
            Rule = rule,
            EvidenceMessageId = messageId,
            EvidenceText = text,
            OccurredAt = occurredAt,
        };
}
