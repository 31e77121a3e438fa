using Dapper;
using Npgsql;
using Sms.Compliance.Consent;

namespace Sms.Compliance.Data;

/// <summary>The consent ledger has stored this event (<see cref="IsNew"/>) or had already stored it for the same message.</summary>
public sealed record ConsentRecording(ConsentEvent Event, bool IsNew);

/// <summary>
/// A number's consent now, the event a given message already caused (when it was handled before), and the double
/// opt-in question waiting for the customer's answer, if any.
/// </summary>
public sealed record ConsentLookup(ConsentState State, ConsentEvent? CausedByMessage, PendingDoubleOptIn? PendingDoubleOptIn = null);

/// <summary>
/// The append-only consent ledger in PostgreSQL (<c>compliance.consent_events</c>). Consent is derived, never stored:
/// a number's state for a scope and purpose is its latest event covering that purpose by <see cref="ConsentEvent.OccurredAt"/>
/// (<see cref="ConsentState"/>), and a pending review of the number's messages holds its marketing. Every write also marks
/// the causing message processed in the same transaction, so a redelivered message adds no second row.
/// Errors propagate: a caller that cannot read consent must not act as if there were none.
/// </summary>
public sealed class ConsentLedger(NpgsqlDataSource dataSource)
{
    private const string Columns = """
        id AS Id, number AS Number, scope AS Scope, kind AS Kind, source AS Source, rule AS Rule,
        evidence_message_id AS EvidenceMessageId, evidence_text AS EvidenceText,
        occurred_at AS OccurredAt, recorded_at AS RecordedAt, purposes AS Purposes,
        confirmed_message_id AS ConfirmedMessageId, confirmed_text AS ConfirmedText
        """;

    /// <summary>
    /// Four results: the latest informational event, the latest marketing event, whether a review is pending, whether a
    /// double opt-in question is open.
    /// </summary>
    private const string StateSql = $"""
        SELECT {Columns} FROM compliance.consent_events
        WHERE number = @Number AND scope = @Scope AND 'informational' = ANY(purposes)
        ORDER BY occurred_at DESC, id DESC
        LIMIT 1;
        SELECT {Columns} FROM compliance.consent_events
        WHERE number = @Number AND scope = @Scope AND 'marketing' = ANY(purposes)
        ORDER BY occurred_at DESC, id DESC
        LIMIT 1;
        SELECT EXISTS (SELECT 1 FROM compliance.consent_reviews WHERE number = @Number AND scope = @Scope AND status = 'pending');
        SELECT EXISTS (SELECT 1 FROM compliance.double_opt_ins WHERE number = @Number AND scope = @Scope AND expires_at > now());
        """;

    /// <summary><see cref="StateSql"/> for many numbers and scopes (arrays @Numbers and @Scopes, pairwise), keyed by both.</summary>
    private const string StatesSql = $"""
        SELECT e.* FROM unnest(@Numbers::text[], @Scopes::text[]) AS k(number, scope)
        CROSS JOIN LATERAL (
            SELECT {Columns} FROM compliance.consent_events
            WHERE number = k.number AND scope = k.scope AND 'informational' = ANY(purposes)
            ORDER BY occurred_at DESC, id DESC
            LIMIT 1) e;
        SELECT e.* FROM unnest(@Numbers::text[], @Scopes::text[]) AS k(number, scope)
        CROSS JOIN LATERAL (
            SELECT {Columns} FROM compliance.consent_events
            WHERE number = k.number AND scope = k.scope AND 'marketing' = ANY(purposes)
            ORDER BY occurred_at DESC, id DESC
            LIMIT 1) e;
        SELECT DISTINCT r.number, r.scope FROM compliance.consent_reviews r
        JOIN unnest(@Numbers::text[], @Scopes::text[]) AS k(number, scope) ON r.number = k.number AND r.scope = k.scope
        WHERE r.status = 'pending';
        SELECT d.number, d.scope FROM compliance.double_opt_ins d
        JOIN unnest(@Numbers::text[], @Scopes::text[]) AS k(number, scope) ON d.number = k.number AND d.scope = k.scope
        WHERE d.expires_at > now();
        """;

    private const string PendingDoubleOptInSql = """
        SELECT request_message_id AS RequestMessageId, request_text AS RequestText, asked_at AS AskedAt, expires_at AS ExpiresAt
        FROM compliance.double_opt_ins
        WHERE number = @Number AND scope = @Scope
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
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(
            StateSql, new { Number = number, Scope = scope }, cancellationToken: cancellationToken));
        return await ReadStateAsync(results, number, scope);
    }

    /// <summary>
    /// The states of many numbers and scopes in one round trip, as <see cref="GetStateAsync"/> reads each (the dry run's
    /// read: nothing registered in flight, nothing cached). Keyed by number and scope.
    /// </summary>
    public async Task<IReadOnlyDictionary<(string Number, string Scope), ConsentState>> GetStatesAsync(
        IReadOnlyCollection<(string Number, string Scope)> keys, CancellationToken cancellationToken)
    {
        var states = new Dictionary<(string Number, string Scope), ConsentState>();
        if (keys.Count == 0) return states;
        var distinct = keys.Distinct().ToList();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(StatesSql,
            new { Numbers = distinct.Select(k => k.Number).ToArray(), Scopes = distinct.Select(k => k.Scope).ToArray() },
            cancellationToken: cancellationToken));
        var informational = (await results.ReadAsync<Row>()).ToDictionary(r => (r.Number, r.Scope));
        var marketing = (await results.ReadAsync<Row>()).ToDictionary(r => (r.Number, r.Scope));
        var reviewPending = (await results.ReadAsync<(string Number, string Scope)>()).ToHashSet();
        var doubleOptInOpen = (await results.ReadAsync<(string Number, string Scope)>()).ToHashSet();
        foreach (var key in distinct)
        {
            states[key] = new ConsentState(key.Number, key.Scope,
                informational.GetValueOrDefault(key)?.ToEvent(), marketing.GetValueOrDefault(key)?.ToEvent(),
                reviewPending.Contains(key), doubleOptInOpen.Contains(key));
        }
        return states;
    }

    /// <summary>The state, the event <paramref name="messageId"/> caused and the pending double opt-in, in one round trip.</summary>
    public async Task<ConsentLookup> GetStateForMessageAsync(string number, string scope, Guid messageId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var results = await connection.QueryMultipleAsync(new CommandDefinition(
            StateSql + "\n" + CausedBySql + ";\n" + PendingDoubleOptInSql,
            new { Number = number, Scope = scope, MessageId = messageId },
            cancellationToken: cancellationToken));
        var state = await ReadStateAsync(results, number, scope);
        var causedBy = await results.ReadSingleOrDefaultAsync<Row>();
        var pending = await results.ReadSingleOrDefaultAsync<PendingRow>();
        return new ConsentLookup(state, causedBy?.ToEvent(), pending?.ToPending());
    }

    private static async Task<ConsentState> ReadStateAsync(SqlMapper.GridReader results, string number, string scope)
    {
        var informational = await results.ReadSingleOrDefaultAsync<Row>();
        var marketing = await results.ReadSingleOrDefaultAsync<Row>();
        var reviewPending = await results.ReadSingleAsync<bool>();
        var doubleOptInOpen = await results.ReadSingleAsync<bool>();
        return new ConsentState(number, scope, informational?.ToEvent(), marketing?.ToEvent(), reviewPending, doubleOptInOpen);
    }

    /// <summary>Asks the customer to confirm marketing; replaces a question asked before for the number and scope.</summary>
    public async Task AskDoubleOptInAsync(string number, string scope, PendingDoubleOptIn question, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO compliance.double_opt_ins (number, scope, request_message_id, request_text, asked_at, expires_at)
            VALUES (@Number, @Scope, @RequestMessageId, @RequestText, @AskedAt, @ExpiresAt)
            ON CONFLICT (number, scope) DO UPDATE SET
                request_message_id = EXCLUDED.request_message_id, request_text = EXCLUDED.request_text,
                asked_at = EXCLUDED.asked_at, expires_at = EXCLUDED.expires_at
            """, new
        {
            Number = number,
            Scope = scope,
            question.RequestMessageId,
            question.RequestText,
            AskedAt = question.AskedAt.UtcDateTime,
            ExpiresAt = question.ExpiresAt.UtcDateTime,
        }, cancellationToken: cancellationToken));
    }

    /// <summary>The question is answered, or something else was sent to the number since (a Y now answers that): forgets it.</summary>
    public async Task ForgetDoubleOptInAsync(string number, string scope, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM compliance.double_opt_ins WHERE number = @Number AND scope = @Scope",
            new { Number = number, Scope = scope }, cancellationToken: cancellationToken));
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
                    (number, scope, kind, source, rule, evidence_message_id, evidence_text, occurred_at,
                     purposes, confirmed_message_id, confirmed_text)
                VALUES
                    (@Number, @Scope, @Kind, @Source, @Rule, @EvidenceMessageId, @EvidenceText, @OccurredAt,
                     @Purposes, @ConfirmedMessageId, @ConfirmedText)
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
            Purposes = ConsentPurposes.Normalize(consentEvent.Purposes).Select(ConsentPurposes.Code).ToArray(),
            consentEvent.ConfirmedMessageId,
            consentEvent.ConfirmedText,
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
        public string[] Purposes { get; set; } = [];
        public Guid? ConfirmedMessageId { get; set; }
        public string? ConfirmedText { get; set; }

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
            Purposes = ConsentPurposes.Normalize(Purposes.Select(code => ConsentPurposes.TryParse(code, out var purpose)
                ? purpose
                : throw new InvalidOperationException($"Unknown consent purpose '{code}' in the ledger."))),
            ConfirmedMessageId = ConfirmedMessageId,
            ConfirmedText = ConfirmedText,
        };
    }

    private sealed class PendingRow
    {
        public Guid RequestMessageId { get; set; }
        public string RequestText { get; set; } = "";
        public DateTime AskedAt { get; set; }
        public DateTime ExpiresAt { get; set; }

        public PendingDoubleOptIn ToPending() => new(RequestMessageId, RequestText, AsUtc(AskedAt), AsUtc(ExpiresAt));
    }
}

/// <summary>A double opt-in question sent to the customer: the opt-in message it answers, and until when a Y counts.</summary>
public sealed record PendingDoubleOptIn(Guid RequestMessageId, string RequestText, DateTimeOffset AskedAt, DateTimeOffset ExpiresAt);
