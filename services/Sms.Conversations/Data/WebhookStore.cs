using Dapper;
using Npgsql;
using Sms.Conversations.Webhooks;

namespace Sms.Conversations.Data;

/// <summary>A row of <c>conversations.webhook_subscriptions</c> (times UTC).</summary>
public sealed class WebhookSubscriptionRow
{
    public Guid Id { get; init; }
    public required string Url { get; init; }
    public string[] EventTypes { get; init; } = [];
    public required string Secret { get; init; }
    public bool Enabled { get; init; }
    public string? Description { get; init; }
    public DateTime CreatedAt { get; init; }
    public required string CreatedBy { get; init; }
    public DateTime? FailingSince { get; init; }
    public DateTime? DisabledAt { get; init; }
    public string? DisabledReason { get; init; }
}

/// <summary>A delivery a dispatcher claimed: what to post, where, and with which secret.</summary>
public sealed class ClaimedDelivery
{
    public long Id { get; init; }
    public Guid LeaseToken { get; init; }
    public Guid SubscriptionId { get; init; }
    public required string Url { get; init; }
    public required string Secret { get; init; }
    public int Attempts { get; init; }
    public DateTime QueuedAt { get; init; }
    public Guid EventId { get; init; }
    public required string Type { get; init; }
    public DateTime OccurredAt { get; init; }
    public Guid? ConversationId { get; init; }

    /// <summary>The event's <c>data</c>, as JSON text.</summary>
    public required string Data { get; init; }
}

/// <summary>One delivery of the log, with its attempts (oldest first).</summary>
public sealed class WebhookDeliveryRow
{
    public long Id { get; init; }
    public Guid EventId { get; init; }
    public required string Type { get; init; }
    public Guid? ConversationId { get; init; }
    public required string State { get; init; }
    public int Attempts { get; init; }
    public DateTime QueuedAt { get; init; }
    public DateTime NextAttemptAt { get; init; }
    public DateTime? DeliveredAt { get; init; }
    public int? LastStatusCode { get; init; }
    public string? LastError { get; init; }
    public List<WebhookAttemptRow> AttemptLog { get; } = [];
}

/// <summary>One attempt of a delivery: when, the receiver's status code (null: no answer), how long it took, what failed.</summary>
public sealed record WebhookAttemptRow(long DeliveryId, DateTime AttemptedAt, int? StatusCode, int LatencyMs, string? Error);

/// <summary>What one attempt of a claimed delivery came to.</summary>
/// <param name="StatusCode">The receiver's answer; null when none came (refused connection, timeout).</param>
public sealed record WebhookAttempt(DateTimeOffset At, int? StatusCode, int LatencyMs, string? Error)
{
    public bool Delivered => StatusCode is >= 200 and < 300;
}

/// <summary>
/// The webhook tables (V0020): subscriptions, the events queued for them, their deliveries and every attempt. Times
/// come from the caller's clock (<see cref="TimeProvider"/>), not the database's, so the retry schedule and the
/// disabling of a failing subscription follow one clock a test can move.
/// </summary>
public sealed class WebhookStore(NpgsqlDataSource dataSource, WebhookInterest interest)
{
    private const string SubscriptionColumns = """
        id, url, event_types AS EventTypes, secret, enabled, description, created_at AS CreatedAt, created_by AS CreatedBy,
        failing_since AS FailingSince, disabled_at AS DisabledAt, disabled_reason AS DisabledReason
        """;

    public async Task<WebhookSubscriptionRow> CreateAsync(
        string url, IReadOnlyList<string> eventTypes, string? description, string createdBy, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        using var changed = Announcing();
        return await connection.QuerySingleAsync<WebhookSubscriptionRow>(new CommandDefinition($"""
            INSERT INTO conversations.webhook_subscriptions (id, url, event_types, secret, description, created_at, created_by)
            VALUES (@Id, @Url, @EventTypes, @Secret, @Description, @Now, @CreatedBy)
            RETURNING {SubscriptionColumns}
            """,
            new
            {
                Id = Guid.CreateVersion7(now), Url = url, EventTypes = eventTypes.ToArray(), Secret = WebhookSignature.NewSecret(),
                Description = description, Now = now, CreatedBy = createdBy,
            }, cancellationToken: cancellationToken));
    }

    public async Task<IReadOnlyList<WebhookSubscriptionRow>> ListAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<WebhookSubscriptionRow>(new CommandDefinition(
            $"SELECT {SubscriptionColumns} FROM conversations.webhook_subscriptions ORDER BY created_at, id",
            cancellationToken: cancellationToken))).AsList();
    }

    public async Task<WebhookSubscriptionRow?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.QuerySingleOrDefaultAsync<WebhookSubscriptionRow>(new CommandDefinition(
            $"SELECT {SubscriptionColumns} FROM conversations.webhook_subscriptions WHERE id = @Id",
            new { Id = id }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Changes the URL, event types and description, and, when <paramref name="enabled"/> is given, switches it on or
    /// off. Switched on again, it starts with a clean record (no failures, no reason), and its waiting deliveries go out.
    /// Null when there is no such subscription.
    /// </summary>
    public async Task<WebhookSubscriptionRow?> UpdateAsync(
        Guid id, string url, IReadOnlyList<string> eventTypes, string? description, bool? enabled, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        using var changed = Announcing();
        return await connection.QuerySingleOrDefaultAsync<WebhookSubscriptionRow>(new CommandDefinition($"""
            UPDATE conversations.webhook_subscriptions s SET
                url = @Url, event_types = @EventTypes, description = @Description,
                enabled = COALESCE(@Enabled, s.enabled),
                failing_since = CASE WHEN @Enabled AND NOT s.enabled THEN NULL ELSE s.failing_since END,
                disabled_at = CASE WHEN @Enabled IS NULL THEN s.disabled_at WHEN @Enabled THEN NULL ELSE COALESCE(s.disabled_at, @Now) END,
                disabled_reason = CASE WHEN @Enabled IS NULL THEN s.disabled_reason WHEN @Enabled THEN NULL
                                       WHEN s.enabled THEN 'disabled by an admin' ELSE s.disabled_reason END
            WHERE id = @Id
            RETURNING {SubscriptionColumns}
            """, new { Id = id, Url = url, EventTypes = eventTypes.ToArray(), Description = description, Enabled = enabled, Now = now.ToUniversalTime() },
            cancellationToken: cancellationToken));
    }

    /// <summary>Deletes the subscription with its deliveries and their log; false when there was none.</summary>
    public async Task<bool> DeleteAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        using var changed = Announcing();
        return await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM conversations.webhook_subscriptions WHERE id = @Id", new { Id = id }, cancellationToken: cancellationToken)) > 0;
    }

    /// <summary>The event types at least one enabled subscription wants (what <see cref="WebhookInterest"/> keeps).</summary>
    public async Task<IReadOnlySet<string>> WantedEventTypesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT DISTINCT unnest(event_types) FROM conversations.webhook_subscriptions WHERE enabled",
            cancellationToken: cancellationToken))).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>
    /// Drops this instance's <see cref="WebhookInterest"/> when a change to the subscriptions ends, committed or not:
    /// here at once, elsewhere on the notification the change makes (migration V0023).
    /// </summary>
    private Changes Announcing() => new(interest);

    private readonly struct Changes(WebhookInterest interest) : IDisposable
    {
        public void Dispose() => interest.Changed();
    }

    /// <summary>
    /// Queues the events for every enabled subscription that wants their type, once per event id (a bus event delivered
    /// again adds nothing), with the conversation each belongs to. An event no subscription wants is not stored.
    /// <para>
    /// Ordering: the customers' advisory locks are taken first, in one order (so two batches cannot deadlock), and held
    /// to the commit: a delivery of a customer queued by another transaction at the same time gets a later id only once
    /// this one is visible, so no dispatcher sees a later delivery of a conversation before an earlier one.
    /// </para>
    /// </summary>
    public async Task<int> EnqueueAsync(IReadOnlyList<WebhookEvent> events, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
            return 0;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var read = await connection.QueryMultipleAsync(new CommandDefinition("""
            SELECT count(pg_advisory_xact_lock(hashtextextended('webhook-order:' || number, 0)))
            FROM (SELECT DISTINCT unnest(@Customers::text[]) AS number
                  WHERE EXISTS (SELECT 1 FROM conversations.webhook_subscriptions WHERE enabled)
                  ORDER BY 1) AS customers;
            WITH input AS (
                SELECT * FROM unnest(@Ids::uuid[], @Types::text[], @OccurredAts::timestamptz[], @MessageIds::uuid[],
                                     @Customers::text[], @Businesses::text[], @Data::text[])
                    AS e(id, type, occurred_at, message_id, customer, business, data)),
            wanted AS (
                SELECT DISTINCT ON (e.id) e.*,
                    COALESCE(
                        (SELECT m.conversation_id FROM conversations.messages m WHERE m.message_id = e.message_id),
                        (SELECT c.id FROM conversations.conversations c WHERE c.customer_number = e.customer AND c.business_number = e.business)
                    ) AS conversation_id
                FROM input e
                WHERE EXISTS (SELECT 1 FROM conversations.webhook_subscriptions s WHERE s.enabled AND e.type = ANY(s.event_types))),
            inserted AS (
                INSERT INTO conversations.webhook_events (id, type, occurred_at, conversation_id, data)
                SELECT id, type, occurred_at, conversation_id, data::jsonb FROM wanted
                ON CONFLICT (id) DO NOTHING
                RETURNING id, type, conversation_id),
            deliveries AS (
                INSERT INTO conversations.webhook_deliveries (subscription_id, event_id, order_key, queued_at, next_attempt_at)
                SELECT s.id, i.id, COALESCE(i.conversation_id::text, 'number:' || w.customer), @Now, @Now
                FROM inserted i
                JOIN wanted w ON w.id = i.id
                JOIN conversations.webhook_subscriptions s ON s.enabled AND i.type = ANY(s.event_types)
                ORDER BY i.id
                ON CONFLICT (subscription_id, event_id) DO NOTHING
                RETURNING 1)
            SELECT count(*) FROM deliveries
            """,
            new
            {
                Ids = events.Select(e => e.Id).ToArray(),
                Types = events.Select(e => e.Type).ToArray(),
                OccurredAts = events.Select(e => e.OccurredAt.ToUniversalTime()).ToArray(),
                MessageIds = events.Select(e => e.MessageId).ToArray(),
                Customers = events.Select(e => e.CustomerNumber).ToArray(),
                Businesses = events.Select(e => e.BusinessNumber).ToArray(),
                Data = events.Select(e => e.Data).ToArray(),
                Now = now.ToUniversalTime(),
            }, transaction, cancellationToken: cancellationToken));
        await read.ReadSingleAsync<long>(); // the locks, taken
        var queued = await read.ReadSingleAsync<int>();
        await read.DisposeAsync(); // the reader ends before the commit on the same connection
        await transaction.CommitAsync(cancellationToken);
        return queued;
    }

    /// <summary>
    /// Claims up to <paramref name="limit"/> due deliveries of enabled subscriptions for <paramref name="lease"/>, each
    /// the oldest still pending of its (subscription, conversation): a later one waits until it is delivered or given
    /// up. The claim is committed at once (no transaction stays open during the post); SKIP LOCKED and the moved
    /// due time keep another instance from claiming the same row, and a claim whose instance stopped is due again when
    /// its lease ends.
    /// </summary>
    public async Task<IReadOnlyList<ClaimedDelivery>> ClaimDueAsync(DateTimeOffset now, TimeSpan lease, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<ClaimedDelivery>(new CommandDefinition("""
            WITH due AS (
                SELECT d.id FROM conversations.webhook_deliveries d
                JOIN conversations.webhook_subscriptions s ON s.id = d.subscription_id AND s.enabled
                WHERE d.state = 'pending' AND d.next_attempt_at <= @Now
                  AND NOT EXISTS (
                      SELECT 1 FROM conversations.webhook_deliveries earlier
                      WHERE earlier.subscription_id = d.subscription_id AND earlier.order_key = d.order_key
                        AND earlier.state = 'pending' AND earlier.id < d.id)
                ORDER BY d.next_attempt_at, d.id
                LIMIT @Limit
                FOR UPDATE OF d SKIP LOCKED),
            claimed AS (
                UPDATE conversations.webhook_deliveries d SET next_attempt_at = @LeaseEnd, lease_token = @Token
                FROM due WHERE d.id = due.id
                RETURNING d.id, d.subscription_id, d.event_id, d.attempts, d.queued_at, d.lease_token)
            SELECT c.id, c.lease_token AS LeaseToken, c.subscription_id AS SubscriptionId, s.url, s.secret, c.attempts,
                   c.queued_at AS QueuedAt, e.id AS EventId, e.type, e.occurred_at AS OccurredAt,
                   e.conversation_id AS ConversationId, e.data::text AS Data
            FROM claimed c
            JOIN conversations.webhook_subscriptions s ON s.id = c.subscription_id
            JOIN conversations.webhook_events e ON e.id = c.event_id
            ORDER BY c.id
            """,
            new { Now = now.ToUniversalTime(), LeaseEnd = (now + lease).ToUniversalTime(), Token = Guid.NewGuid(), Limit = limit },
            cancellationToken: cancellationToken))).AsList();
    }

    /// <summary>
    /// Records an attempt of a claimed delivery and its outcome: delivered (the subscription's failure record is
    /// cleared), to be tried again at <paramref name="nextAttempt"/>, or given up (<paramref name="nextAttempt"/> null).
    /// A failure starts the subscription's failure record unless one is running. Returns when the subscription has been
    /// failing since (null: it is not failing).
    /// </summary>
    public async Task<DateTimeOffset?> RecordAttemptAsync(
        ClaimedDelivery delivery, WebhookAttempt attempt, DateTimeOffset? nextAttempt, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var failingSince = await connection.QuerySingleOrDefaultAsync<DateTime?>(new CommandDefinition("""
            INSERT INTO conversations.webhook_attempts (delivery_id, attempted_at, status_code, latency_ms, error)
            SELECT @Id, @At, @StatusCode, @LatencyMs, @Error
            WHERE EXISTS (SELECT 1 FROM conversations.webhook_deliveries WHERE id = @Id); -- deleted with its subscription meanwhile
            UPDATE conversations.webhook_deliveries SET
                attempts = attempts + 1,
                state = CASE WHEN @Delivered THEN 'delivered' WHEN @Next IS NULL THEN 'failed' ELSE 'pending' END,
                delivered_at = CASE WHEN @Delivered THEN @At ELSE delivered_at END,
                next_attempt_at = COALESCE(@Next, next_attempt_at),
                lease_token = NULL,
                last_status_code = @StatusCode,
                last_error = @Error
            WHERE id = @Id AND lease_token = @Token;
            UPDATE conversations.webhook_subscriptions SET
                failing_since = CASE WHEN @Delivered THEN NULL ELSE COALESCE(failing_since, @At) END
            WHERE id = @SubscriptionId
            RETURNING failing_since
            """,
            new
            {
                delivery.Id, Token = delivery.LeaseToken, delivery.SubscriptionId, At = attempt.At.ToUniversalTime(), attempt.StatusCode,
                attempt.LatencyMs, attempt.Error, attempt.Delivered, Next = nextAttempt?.ToUniversalTime(),
            }, cancellationToken: cancellationToken));
        return failingSince is { } since ? new DateTimeOffset(DateTime.SpecifyKind(since, DateTimeKind.Utc)) : null;
    }

    /// <summary>
    /// Disables a subscription that has failed for too long, with the reason an admin reads; true only for the call that
    /// disabled it (so admins are told once).
    /// </summary>
    public async Task<bool> DisableFailingAsync(Guid subscriptionId, string reason, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        using var changed = Announcing();
        return await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE conversations.webhook_subscriptions SET enabled = false, disabled_at = @Now, disabled_reason = @Reason
            WHERE id = @Id AND enabled
            """, new { Id = subscriptionId, Reason = reason, Now = now.ToUniversalTime() }, cancellationToken: cancellationToken)) > 0;
    }

    /// <summary>
    /// Deletes up to <paramref name="batch"/> finished deliveries (delivered or given up) queued before
    /// <paramref name="cutoff"/>, with their attempts, then the events no delivery needs any more. Pending deliveries
    /// stay whatever their age. Returns how many deliveries went.
    /// </summary>
    public async Task<int> PruneAsync(DateTimeOffset cutoff, int batch, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition("""
            WITH gone AS (
                DELETE FROM conversations.webhook_deliveries
                WHERE id IN (SELECT id FROM conversations.webhook_deliveries
                             WHERE state <> 'pending' AND queued_at < @Cutoff ORDER BY id LIMIT @Batch)
                RETURNING id, event_id),
            events AS (
                -- An event goes with its last delivery (the statement still sees the rows it deletes: left out by id).
                DELETE FROM conversations.webhook_events e
                WHERE e.id IN (SELECT event_id FROM gone)
                  AND NOT EXISTS (SELECT 1 FROM conversations.webhook_deliveries d
                                  WHERE d.event_id = e.id AND d.id NOT IN (SELECT id FROM gone)))
            SELECT count(*) FROM gone
            """, new { Cutoff = cutoff.ToUniversalTime(), Batch = batch }, cancellationToken: cancellationToken));
    }

    /// <summary>The subscription's deliveries, newest first, before the delivery id <paramref name="before"/> when given, with their attempts.</summary>
    public async Task<IReadOnlyList<WebhookDeliveryRow>> DeliveriesAsync(Guid subscriptionId, long? before, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var read = await connection.QueryMultipleAsync(new CommandDefinition("""
            SELECT d.id, d.event_id AS EventId, e.type, e.conversation_id AS ConversationId, d.state, d.attempts,
                   d.queued_at AS QueuedAt, d.next_attempt_at AS NextAttemptAt, d.delivered_at AS DeliveredAt,
                   d.last_status_code AS LastStatusCode, d.last_error AS LastError
            FROM conversations.webhook_deliveries d
            JOIN conversations.webhook_events e ON e.id = d.event_id
            WHERE d.subscription_id = @SubscriptionId AND (@Before IS NULL OR d.id < @Before)
            ORDER BY d.id DESC
            LIMIT @Limit;
            SELECT a.delivery_id AS DeliveryId, a.attempted_at AS AttemptedAt, a.status_code AS StatusCode,
                   a.latency_ms AS LatencyMs, a.error
            FROM conversations.webhook_attempts a
            WHERE a.delivery_id IN (
                SELECT d.id FROM conversations.webhook_deliveries d
                WHERE d.subscription_id = @SubscriptionId AND (@Before IS NULL OR d.id < @Before)
                ORDER BY d.id DESC LIMIT @Limit)
            ORDER BY a.id
            """, new { SubscriptionId = subscriptionId, Before = before, Limit = limit }, cancellationToken: cancellationToken));
        var deliveries = (await read.ReadAsync<WebhookDeliveryRow>()).AsList();
        var byId = deliveries.ToDictionary(d => d.Id);
        foreach (var attempt in await read.ReadAsync<WebhookAttemptRow>())
            byId[attempt.DeliveryId].AttemptLog.Add(attempt);
        return deliveries;
    }

    /// <summary>
    /// Queues a delivery again, due now with a new retry window and the same event (same id and payload): for one
    /// that was delivered and should be again, was given up, or waits for its next retry. One being posted at this
    /// moment is left to that attempt. It keeps its place: it goes out ahead of the later deliveries of its
    /// conversation still pending. False when the subscription has no such delivery.
    /// </summary>
    public async Task<bool> ReplayAsync(Guid subscriptionId, long deliveryId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteScalarAsync<bool>(new CommandDefinition("""
            WITH replayed AS (
                UPDATE conversations.webhook_deliveries SET
                    state = 'pending', queued_at = @Now, next_attempt_at = @Now, delivered_at = NULL
                WHERE id = @Id AND subscription_id = @SubscriptionId
                  AND NOT (state = 'pending' AND lease_token IS NOT NULL AND next_attempt_at > @Now)
                RETURNING id)
            SELECT EXISTS (SELECT 1 FROM replayed)
                OR EXISTS (SELECT 1 FROM conversations.webhook_deliveries WHERE id = @Id AND subscription_id = @SubscriptionId)
            """, new { Id = deliveryId, SubscriptionId = subscriptionId, Now = now.ToUniversalTime() }, cancellationToken: cancellationToken));
    }
}
