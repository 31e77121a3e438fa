using Dapper;
using Npgsql;
using Sms.Compliance.Consent;

namespace Sms.Compliance.Data;

/// <summary>The consent ledger has stored this event (<see cref="IsNew"/>) or had already stored it for the same message.</summary>
public sealed record ConsentRecording(ConsentEvent Event, bool IsNew);

/// <summary>A number's consent now, and the event a given message already caused (when it was handled before).</summary>
public sealed record ConsentReading(ConsentState State, ConsentEvent? CausedByMessage);

/// <summary>
/// The append-only consent ledger in PostgreSQL (<c>compliance.consent_events</c>). Consent is derived, never stored:
/// a number's state for a scope is its latest event by <see cref="ConsentEvent.OccurredAt"/>. Every write also marks
/// the causing message processed in the same transaction, so a redelivered message adds no second row.
/// Errors propagate: a caller that cannot read consent must not act as if there were none.
/// </summary>
public sealed class ConsentLedger(NpgsqlDataSource dataSource)
{
    private const string Columns = """
        id AS Id, number AS Number, scope AS Scope, kind AS Kind, source AS Source, rule AS Rule,
        evidence_message_id AS EvidenceMessageId, evidence_text AS EvidenceText,
        occurred_at AS OccurredAt, recorded_at AS RecordedAt
        """;

    private const string LatestSql = $"""
        SELECT {Columns} FROM compliance.consent_events
        WHERE number = @Number AND scope = @Scope
        ORDER BY occurred_at DESC, id DESC
        LIMIT 1
        """;

    /// <summary>The row a processed message caused: the one linked to it, else (rows from before the link) the one it is evidence of.</summary>
    private const string RecordedForSql = $"""
        SELECT {Columns} FROM compliance.consent_events
        WHERE id = COALESCE(
            (SELECT consent_event_id FROM compliance.processed_messages WHERE message_id = @MessageId),
            (SELECT id FROM compliance.consent_events WHERE evidence_message_id = @MessageId ORDER BY id LIMIT 1))
        """;

    private const string CausedBySql = $"""
        SELECT {Columns} FROM compliance.consent_events
        WHERE evidence_message_id = @MessageId
        ORDER BY id
        LIMIT 1
        """;

    public async Task<ConsentState> GetStateAsync(string number, string scope, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var latest = await connection.QuerySingleOrDefaultAsync<Row>(
            new CommandDefinition(LatestSql, new { Number = number, Scope = scope }, cancellationToken: cancellationToken));
        return new ConsentState(number, scope, latest?.ToEvent());
    }

    /// <summary>The state and the event <paramref name="messageId"/> caused, in one round trip.</summary>
    public async Task<ConsentReading> GetStateForMessageAsync(string number, string scope, Guid messageId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(
            LatestSql + ";\n" + CausedBySql,
            new { Number = number, Scope = scope, MessageId = messageId },
            cancellationToken: cancellationToken));
        var latest = await results.ReadSingleOrDefaultAsync<Row>();
        var causedBy = await results.ReadSingleOrDefaultAsync<Row>();
        return new ConsentReading(new ConsentState(number, scope, latest?.ToEvent()), causedBy?.ToEvent());
    }

    /// <summary>The consent change <paramref name="messageId"/> caused, when it caused one (e.g. the STOP a reply answers).</summary>
    public async Task<ConsentEvent?> GetCausedByAsync(Guid messageId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(
            new CommandDefinition(RecordedForSql, new { MessageId = messageId }, cancellationToken: cancellationToken));
        return row?.ToEvent();
    }

    /// <summary>Every event of the number for the scope, oldest first.</summary>
    public async Task<IReadOnlyList<ConsentEvent>> GetHistoryAsync(string number, string scope, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition($"""
            SELECT {Columns} FROM compliance.consent_events
            WHERE number = @Number AND scope = @Scope
            ORDER BY occurred_at, id
            """, new { Number = number, Scope = scope }, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToEvent()).ToList();
    }

    /// <summary>Every event of the scope, in the order recorded (by id), for audit; <paramref name="sinceId"/> pages on.</summary>
    public async Task<IReadOnlyList<ConsentEvent>> ExportAsync(string scope, long sinceId, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition($"""
            SELECT {Columns} FROM compliance.consent_events
            WHERE scope = @Scope AND id > @SinceId
            ORDER BY id
            LIMIT @Limit
            """, new { Scope = scope, SinceId = sinceId, Limit = limit }, cancellationToken: cancellationToken));
        return rows.Select(r => r.ToEvent()).ToList();
    }

    /// <summary>
    /// Appends <paramref name="consentEvent"/> and marks <paramref name="causeMessageId"/> processed, in one transaction.
    /// When that message was processed before, nothing is written and the event it caused then is returned
    /// (or <paramref name="consentEvent"/> itself, unrecorded (<see cref="ConsentEvent.Id"/> 0), when that row is not known).
    /// </summary>
    public async Task<ConsentRecording> RecordAsync(ConsentEvent consentEvent, Guid causeMessageId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        var firstTime = await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO compliance.processed_messages (message_id) VALUES (@MessageId)
            ON CONFLICT (message_id) DO NOTHING
            """, new { MessageId = causeMessageId }, transaction, cancellationToken: cancellationToken)) == 1;

        if (!firstTime)
        {
            var earlier = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
                RecordedForSql, new { MessageId = causeMessageId }, transaction, cancellationToken: cancellationToken));
            await transaction.RollbackAsync(cancellationToken);
            return new ConsentRecording(earlier?.ToEvent() ?? consentEvent, IsNew: false);
        }

        var stored = await connection.QuerySingleAsync<(long Id, DateTime RecordedAt)>(new CommandDefinition("""
            WITH stored AS (
                INSERT INTO compliance.consent_events
                    (number, scope, kind, source, rule, evidence_message_id, evidence_text, occurred_at)
                VALUES
                    (@Number, @Scope, @Kind, @Source, @Rule, @EvidenceMessageId, @EvidenceText, @OccurredAt)
                RETURNING id, recorded_at),
            linked AS (
                UPDATE compliance.processed_messages SET consent_event_id = (SELECT id FROM stored)
                WHERE message_id = @CauseMessageId)
            SELECT id, recorded_at FROM stored
            """, new
        {
            CauseMessageId = causeMessageId,
            consentEvent.Number,
            consentEvent.Scope,
            Kind = LedgerCodes.Of(consentEvent.Kind),
            Source = LedgerCodes.Of(consentEvent.Source),
            consentEvent.Rule,
            consentEvent.EvidenceMessageId,
            consentEvent.EvidenceText,
            OccurredAt = consentEvent.OccurredAt.UtcDateTime,
        }, transaction, cancellationToken: cancellationToken));

        await transaction.CommitAsync(cancellationToken);
        return new ConsentRecording(
            consentEvent with { Id = stored.Id, RecordedAt = AsUtc(stored.RecordedAt) },
            IsNew: true);
    }

    private static DateTimeOffset AsUtc(DateTime value) =>
        new(DateTime.SpecifyKind(value, DateTimeKind.Utc), TimeSpan.Zero);

    private sealed class Row
    {
        public long Id { get; set; }
        public string Number { get; set; } = "";
        public string Scope { get; set; } = "";
        public string Kind { get; set; } = "";
        public string Source { get; set; } = "";
        public string Rule { get; set; } = "";
        public Guid? EvidenceMessageId { get; set; }
        public string? EvidenceText { get; set; }
        public DateTime OccurredAt { get; set; }
        public DateTime RecordedAt { get; set; }

        public ConsentEvent ToEvent() => new()
        {
            Id = Id,
            Number = Number,
            Scope = Scope,
            Kind = LedgerCodes.KindFrom(Kind),
            Source = LedgerCodes.SourceFrom(Source),
            Rule = Rule,
            EvidenceMessageId = EvidenceMessageId,
            EvidenceText = EvidenceText,
            OccurredAt = AsUtc(OccurredAt),
            RecordedAt = AsUtc(RecordedAt),
        };
    }
}
