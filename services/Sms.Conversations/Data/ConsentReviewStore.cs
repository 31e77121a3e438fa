using Dapper;
using Npgsql;
using Sms.Contracts.Compliance;
using Sms.Conversations.Threads;
using static Sms.Conversations.Data.ConversationSql;

namespace Sms.Conversations.Data;

/// <summary>One review as the inbox lists it: the request, where it stands, and the customer's message from the thread.</summary>
public sealed class ConsentReviewRow
{
    public Guid ReviewId { get; init; }
    public required string Number { get; init; }
    public required string Scope { get; init; }
    public required string BusinessNumber { get; init; }
    public Guid InboundMessageId { get; init; }
    public double Score { get; init; }
    public string? Language { get; init; }
    public required string Rule { get; init; }

    /// <summary>UTC.</summary>
    public DateTime RequestedAt { get; init; }

    /// <summary><c>pending</c>, <c>confirmed</c> or <c>dismissed</c>.</summary>
    public required string Status { get; init; }

    /// <summary>The latest decision that applied (<c>confirm</c>, <c>dismiss</c>, <c>undo</c>), who made it and when (UTC); null while none has.</summary>
    public string? LastDecision { get; init; }

    public string? DecidedBy { get; init; }
    public DateTime? DecidedAt { get; init; }

    /// <summary>The customer's message; null until the thread has stored it.</summary>
    public string? Text { get; init; }

    /// <summary>The conversation the message is in; null until the thread has stored it.</summary>
    public Guid? ConversationId { get; init; }

    public string? ContactName { get; init; }
}

/// <summary>One decision Compliance answered about a review.</summary>
public sealed class ConsentReviewDecisionRow
{
    public Guid RequestId { get; init; }
    public required string Decision { get; init; }

    /// <summary>The review's status after it.</summary>
    public required string Status { get; init; }

    /// <summary>False when it did not apply (confirming a confirmed review, undoing a pending one) and changed nothing.</summary>
    public bool Applied { get; init; }

    public required string DecidedBy { get; init; }

    /// <summary>UTC.</summary>
    public DateTime DecidedAt { get; init; }
}

/// <summary>What storing a <see cref="ConsentReviewDecided"/> did.</summary>
public enum ConsentReviewDecisionOutcome
{
    /// <summary>Stored in the history, and the review shows it (the newest decision that applied).</summary>
    Shown,

    /// <summary>Stored in the history only: it did not apply, it is older than the decision the review shows, or the review is not known yet.</summary>
    HistoryOnly,

    /// <summary>This request's answer is stored already (a redelivery): nothing changed.</summary>
    AlreadyStored,
}

/// <summary>
/// The consent review queue (tables in <c>V0013__consent_reviews.sql</c>): reviews Compliance asks agents to decide
/// (<see cref="ConsentReviewRequested"/>) and every decision it answered (<see cref="ConsentReviewDecided"/>). Both
/// writes are idempotent on redelivery and take a lock on the review, so a decision consumed while its request is
/// being stored is not lost. Compliance owns the review; this is the inbox's view of it (README, "Consent reviews in
/// the inbox").
/// </summary>
public sealed class ConsentReviewStore(NpgsqlDataSource dataSource)
{
    /// <summary>Serialises the writers of one review (its request and its decisions).</summary>
    private const string LockSql = "SELECT pg_advisory_xact_lock(hashtextextended('conversations:consent-review:' || @ReviewId::text, 0))";

    /// <summary>
    /// Stores the review once. It starts pending, unless a decision that applied was stored before it (the two events
    /// travel on different queues): then it starts as that decision left it.
    /// </summary>
    /// <returns>False when it was stored already (a redelivery).</returns>
    public async Task<bool> RecordRequestedAsync(ConsentReviewRequested review, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var parameters = new
        {
            review.ReviewId, review.Number, review.Scope, review.BusinessNumber, review.InboundMessageId, review.Score,
            review.Language, review.Rule, RequestedAt = Utc(review.RequestedAt),
        };
        await connection.ExecuteAsync(new CommandDefinition(LockSql, parameters, transaction, cancellationToken: cancellationToken));
        var stored = await connection.ExecuteAsync(new CommandDefinition("""
            WITH latest AS (
                SELECT status, decision, decided_by, decided_at FROM conversations.consent_review_decisions
                WHERE review_id = @ReviewId AND applied
                ORDER BY decided_at DESC LIMIT 1)
            INSERT INTO conversations.consent_reviews
                (review_id, number, scope, business_number, inbound_message_id, score, language, rule, requested_at,
                 status, last_decision, decided_by, decided_at)
            SELECT @ReviewId, @Number, @Scope, @BusinessNumber, @InboundMessageId, @Score, @Language, @Rule, @RequestedAt,
                   COALESCE((SELECT status FROM latest), 'pending'), (SELECT decision FROM latest),
                   (SELECT decided_by FROM latest), (SELECT decided_at FROM latest)
            ON CONFLICT (review_id) DO NOTHING
            """, parameters, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return stored > 0;
    }

    /// <summary>
    /// Adds the decision to the review's history once per <see cref="ConsentReviewDecided.RequestId"/>, and shows it
    /// on the review when it applied and is newer (by <see cref="ConsentReviewDecided.DecidedAt"/>) than the decision
    /// shown: an older one arriving late changes only the history.
    /// </summary>
    public async Task<ConsentReviewDecisionOutcome> RecordDecidedAsync(ConsentReviewDecided decided, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var parameters = new
        {
            decided.RequestId, decided.ReviewId, Decision = StoredNames.Of(decided.Decision), Status = StoredNames.Of(decided.Status),
            decided.Applied, decided.DecidedBy, DecidedAt = Utc(decided.DecidedAt),
        };
        await connection.ExecuteAsync(new CommandDefinition(LockSql, parameters, transaction, cancellationToken: cancellationToken));
        var first = await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO conversations.consent_review_decisions (request_id, review_id, decision, status, applied, decided_by, decided_at)
            VALUES (@RequestId, @ReviewId, @Decision, @Status, @Applied, @DecidedBy, @DecidedAt)
            ON CONFLICT (request_id) DO NOTHING
            """, parameters, transaction, cancellationToken: cancellationToken));
        if (first == 0)
            return ConsentReviewDecisionOutcome.AlreadyStored;

        var shown = decided.Applied && await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE conversations.consent_reviews
            SET status = @Status, last_decision = @Decision, decided_by = @DecidedBy, decided_at = @DecidedAt, updated_at = now()
            WHERE review_id = @ReviewId AND (decided_at IS NULL OR decided_at < @DecidedAt)
            """, parameters, transaction, cancellationToken: cancellationToken)) > 0;
        await transaction.CommitAsync(cancellationToken);
        return shown ? ConsentReviewDecisionOutcome.Shown : ConsentReviewDecisionOutcome.HistoryOnly;
    }

    private const string ReviewColumns = """
        r.review_id AS ReviewId, r.number, r.scope, r.business_number AS BusinessNumber,
        r.inbound_message_id AS InboundMessageId, r.score, r.language, r.rule, r.requested_at AS RequestedAt, r.status,
        r.last_decision AS LastDecision, r.decided_by AS DecidedBy, r.decided_at AS DecidedAt,
        m.text, COALESCE(m.conversation_id, c.id) AS ConversationId, ct.name AS ContactName
        FROM conversations.consent_reviews r
        LEFT JOIN conversations.messages m ON m.message_id = r.inbound_message_id
        LEFT JOIN conversations.conversations c ON c.customer_number = r.number AND c.business_number = r.business_number
        LEFT JOIN conversations.contacts ct ON ct.number = r.number
        """;

    /// <summary>
    /// Reviews in the given statuses (every one when null), at most <paramref name="limit"/>: pending ones first,
    /// oldest first (the queue), then decided ones, latest decision first.
    /// </summary>
    public async Task<IReadOnlyList<ConsentReviewRow>> ListAsync(IReadOnlyList<string>? statuses, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<ConsentReviewRow>(new CommandDefinition($"""
            SELECT {ReviewColumns}
            WHERE {(statuses is null ? "true" : "r.status = ANY(@Statuses)")}
            ORDER BY r.status = 'pending' DESC,
                     CASE WHEN r.status = 'pending' THEN r.requested_at END ASC,
                     r.decided_at DESC NULLS LAST, r.requested_at DESC
            LIMIT @Limit
            """, new { Statuses = statuses?.ToArray(), Limit = limit }, cancellationToken: cancellationToken))).AsList();
    }

    /// <summary>How many reviews wait for an agent.</summary>
    public async Task<int> PendingCountAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT count(*)::int FROM conversations.consent_reviews WHERE status = 'pending'", cancellationToken: cancellationToken));
    }

    /// <summary>One review, or null when the inbox has not heard of it.</summary>
    public async Task<ConsentReviewRow?> GetAsync(Guid reviewId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<ConsentReviewRow>(new CommandDefinition(
            $"SELECT {ReviewColumns} WHERE r.review_id = @ReviewId", new { ReviewId = reviewId }, cancellationToken: cancellationToken));
    }

    /// <summary>Every decision answered about the review, applied or not, oldest first.</summary>
    public async Task<IReadOnlyList<ConsentReviewDecisionRow>> HistoryAsync(Guid reviewId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<ConsentReviewDecisionRow>(new CommandDefinition("""
            SELECT request_id AS RequestId, decision, status, applied, decided_by AS DecidedBy, decided_at AS DecidedAt
            FROM conversations.consent_review_decisions
            WHERE review_id = @ReviewId
            ORDER BY decided_at, recorded_at
            """, new { ReviewId = reviewId }, cancellationToken: cancellationToken))).AsList();
    }
}
