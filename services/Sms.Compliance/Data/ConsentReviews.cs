using Dapper;
using Npgsql;
using Sms.Compliance.Consent;
using Sms.Contracts.Compliance;

namespace Sms.Compliance.Data;

/// <summary>A message the recogniser was unsure of, and where its review stands.</summary>
public sealed record ConsentReview
{
    public required Guid ReviewId { get; init; }
    public required string Number { get; init; }
    public required string Scope { get; init; }
    public required string BusinessNumber { get; init; }
    public required Guid InboundMessageId { get; init; }
    public required string InboundText { get; init; }
    public required double Score { get; init; }
    public string? Language { get; init; }
    public required string Rule { get; init; }
    public required DateTimeOffset ReceivedAt { get; init; }
    public ConsentReviewStatus Status { get; init; } = ConsentReviewStatus.Pending;
}

/// <summary>A decision as stored: <see cref="Repeated"/> when the same request had decided before (a redelivery).</summary>
public sealed record StoredReviewDecision(ConsentReview Review, ReviewOutcome Outcome, bool Repeated);

/// <summary>
/// The reviews of uncertain opt-outs (<c>compliance.consent_reviews</c>) and every decision on them
/// (<c>compliance.consent_review_decisions</c>, the audit trail). A pending review holds the number's marketing: the
/// ledger's state reads it (<see cref="ConsentLedger.GetStateAsync"/>).
/// </summary>
public sealed class ConsentReviews(NpgsqlDataSource dataSource)
{
    private const string Columns = """
        review_id AS ReviewId, number AS Number, scope AS Scope, business_number AS BusinessNumber,
        inbound_message_id AS InboundMessageId, inbound_text AS InboundText, score AS Score, language AS Language,
        rule AS Rule, received_at AS ReceivedAt, status AS Status
        """;

    /// <summary>Opens <paramref name="review"/>; false when it was open already (a redelivered message).</summary>
    public async Task<bool> OpenAsync(ConsentReview review, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO compliance.consent_reviews
                (review_id, number, scope, business_number, inbound_message_id, inbound_text, score, language, rule, received_at, status)
            VALUES
                (@ReviewId, @Number, @Scope, @BusinessNumber, @InboundMessageId, @InboundText, @Score, @Language, @Rule, @ReceivedAt, 'pending')
            ON CONFLICT (review_id) DO NOTHING
            """, new
        {
            review.ReviewId, review.Number, review.Scope, review.BusinessNumber, review.InboundMessageId, review.InboundText,
            review.Score, review.Language, review.Rule, ReceivedAt = review.ReceivedAt.UtcDateTime,
        }, cancellationToken: cancellationToken)) == 1;
    }

    public async Task<ConsentReview?> GetAsync(Guid reviewId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM compliance.consent_reviews WHERE review_id = @ReviewId",
            new { ReviewId = reviewId }, cancellationToken: cancellationToken));
        return row?.ToReview();
    }

    /// <summary>
    /// Applies <paramref name="command"/> by <see cref="ConsentReviewRules"/> and records it, in one transaction that
    /// locks the review (two agents deciding at once take turns). A request decided before is answered as it was then.
    /// Null when the review does not exist.
    /// </summary>
    public async Task<StoredReviewDecision?> DecideAsync(DecideConsentReview command, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"SELECT {Columns} FROM compliance.consent_reviews WHERE review_id = @ReviewId FOR UPDATE",
            new { command.ReviewId }, transaction, cancellationToken: cancellationToken));
        if (row is null) return null;

        var earlier = await connection.QuerySingleOrDefaultAsync<(bool Applied, string FromStatus, string Status)?>(new CommandDefinition(
            "SELECT applied, from_status, status FROM compliance.consent_review_decisions WHERE request_id = @RequestId",
            new { command.RequestId }, transaction, cancellationToken: cancellationToken));
        if (earlier is { } repeated)
        {
            await transaction.RollbackAsync(cancellationToken);
            // The action the decision took then, to be completed again (each step is idempotent).
            var outcome = repeated.Applied
                ? ConsentReviewRules.Decide(ConsentReviewRules.StatusFrom(repeated.FromStatus), command.Decision)
                : new ReviewOutcome(false, ConsentReviewRules.StatusFrom(repeated.Status), ReviewAction.None);
            return new StoredReviewDecision(row.ToReview(), outcome, Repeated: true);
        }

        var review = row.ToReview();
        var decided = ConsentReviewRules.Decide(review.Status, command.Decision);
        if (decided.Applied)
        {
            await connection.ExecuteAsync(new CommandDefinition("""
                UPDATE compliance.consent_reviews SET status = @Status, updated_at = now() WHERE review_id = @ReviewId
                """, new { command.ReviewId, Status = ConsentReviewRules.Code(decided.Status) }, transaction, cancellationToken: cancellationToken));
        }
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO compliance.consent_review_decisions (request_id, review_id, decision, applied, from_status, status, decided_by, decided_at)
            VALUES (@RequestId, @ReviewId, @Decision, @Applied, @FromStatus, @Status, @DecidedBy, @DecidedAt)
            """, new
        {
            command.RequestId, command.ReviewId, Decision = ConsentReviewRules.Code(command.Decision), decided.Applied,
            FromStatus = ConsentReviewRules.Code(review.Status),
            Status = ConsentReviewRules.Code(decided.Status), command.DecidedBy, DecidedAt = command.DecidedAt.UtcDateTime,
        }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return new StoredReviewDecision(review with { Status = decided.Status }, decided, Repeated: false);
    }

    /// <summary>Links the opt-out a confirmation recorded to its review.</summary>
    public async Task LinkOptOutAsync(Guid reviewId, long consentEventId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE compliance.consent_reviews SET opt_out_event_id = @EventId WHERE review_id = @ReviewId",
            new { ReviewId = reviewId, EventId = consentEventId }, cancellationToken: cancellationToken));
    }

    private sealed class Row
    {
        public Guid ReviewId { get; set; }
        public string Number { get; set; } = "";
        public string Scope { get; set; } = "";
        public string BusinessNumber { get; set; } = "";
        public Guid InboundMessageId { get; set; }
        public string InboundText { get; set; } = "";
        public double Score { get; set; }
        public string? Language { get; set; }
        public string Rule { get; set; } = "";
        public DateTime ReceivedAt { get; set; }
        public string Status { get; set; } = "";

        public ConsentReview ToReview() => new()
        {
            ReviewId = ReviewId, Number = Number, Scope = Scope, BusinessNumber = BusinessNumber, InboundMessageId = InboundMessageId,
            InboundText = InboundText, Score = Score, Language = Language, Rule = Rule,
            ReceivedAt = new DateTimeOffset(DateTime.SpecifyKind(ReceivedAt, DateTimeKind.Utc), TimeSpan.Zero),
            Status = ConsentReviewRules.StatusFrom(Status),
        };
    }
}
