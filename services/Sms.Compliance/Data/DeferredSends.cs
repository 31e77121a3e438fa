using System.Text.Json;
using System.Text.Json.Serialization;
using Dapper;
using Npgsql;
using Sms.Contracts.Outbound;

namespace Sms.Compliance.Data;

/// <summary>
/// Sends held back (<c>compliance.deferred_sends</c>): by quiet hours until the window opens, or while a review of the
/// recipient's messages is pending until it is decided (and re-checked now and then meanwhile). Released when due.
/// </summary>
public sealed class DeferredSends(NpgsqlDataSource dataSource)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    /// <summary>Holds <paramref name="request"/> until <paramref name="releaseAt"/>; a send already held stays as it is.</summary>
    public async Task DeferAsync(SendSms request, DateTimeOffset releaseAt, string timeZones, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO compliance.deferred_sends (message_id, release_at, time_zone, payload)
            VALUES (@MessageId, @ReleaseAt, @TimeZones, CAST(@Payload AS jsonb))
            ON CONFLICT (message_id) DO NOTHING
            """, new
        {
            request.MessageId,
            ReleaseAt = releaseAt.UtcDateTime,
            TimeZones = timeZones,
            Payload = JsonSerializer.Serialize(request, Json),
        }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Holds <paramref name="request"/> while a review of its recipient is pending: it is decided again at
    /// <paramref name="recheckAt"/>, or as soon as the review is decided (<see cref="ReleaseHeldForReviewAsync"/>).
    /// </summary>
    public async Task HoldForReviewAsync(SendSms request, DateTimeOffset recheckAt, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO compliance.deferred_sends (message_id, release_at, time_zone, payload, held_for, number)
            VALUES (@MessageId, @ReleaseAt, '', CAST(@Payload AS jsonb), 'consent_review', @Number)
            ON CONFLICT (message_id) DO NOTHING
            """, new
        {
            request.MessageId,
            ReleaseAt = recheckAt.UtcDateTime,
            Payload = JsonSerializer.Serialize(request, Json),
            Number = request.To,
        }, cancellationToken: cancellationToken));
    }

    /// <summary>A review of <paramref name="number"/> is decided: its held sends are due now. Returns how many.</summary>
    public async Task<int> ReleaseHeldForReviewAsync(string number, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE compliance.deferred_sends SET release_at = @Now
            WHERE held_for = 'consent_review' AND number = @Number AND release_at > @Now
            """, new { Number = number, Now = now.UtcDateTime }, cancellationToken: cancellationToken));
    }

    /// <summary>
    /// Hands every send due at <paramref name="now"/> (at most <paramref name="limit"/>) to <paramref name="release"/>
    /// and deletes it in the same transaction: a send whose release fails stays held and is tried at the next poll.
    /// Instances polling together take different rows (<c>SKIP LOCKED</c>).
    /// </summary>
    public async Task<int> ReleaseDueAsync(
        DateTimeOffset now, int limit, Func<SendSms, CancellationToken, Task> release, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var due = (await connection.QueryAsync<(Guid MessageId, string Payload)>(new CommandDefinition("""
            SELECT message_id, payload::text FROM compliance.deferred_sends
            WHERE release_at <= @Now
            ORDER BY release_at
            LIMIT @Limit
            FOR UPDATE SKIP LOCKED
            """, new { Now = now.UtcDateTime, Limit = limit }, transaction, cancellationToken: cancellationToken))).ToList();
        if (due.Count == 0) return 0;

        foreach (var (_, payload) in due)
            await release(JsonSerializer.Deserialize<SendSms>(payload, Json)!, cancellationToken);

        await connection.ExecuteAsync(new CommandDefinition(
            "DELETE FROM compliance.deferred_sends WHERE message_id = ANY(@Ids)",
            new { Ids = due.Select(d => d.MessageId).ToArray() }, transaction, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return due.Count;
    }

    /// <summary>When <paramref name="messageId"/> is held, until when.</summary>
    public async Task<DateTimeOffset?> ReleaseAtAsync(Guid messageId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var at = await connection.QuerySingleOrDefaultAsync<DateTime?>(new CommandDefinition(
            "SELECT release_at FROM compliance.deferred_sends WHERE message_id = @MessageId",
            new { MessageId = messageId }, cancellationToken: cancellationToken));
        return at is { } value ? new DateTimeOffset(DateTime.SpecifyKind(value, DateTimeKind.Utc), TimeSpan.Zero) : null;
    }
}
