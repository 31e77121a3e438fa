using Dapper;
using Npgsql;
using Microsoft.Extensions.Options;
using Sms.Campaigns.Campaigns;
using Sms.Campaigns.Extensions;

namespace Sms.Campaigns.Data;

/// <summary>
/// A dispatch round's claims on <c>campaigns.recipients</c> (README, "Pacing, pause and resume"). A round holds its
/// campaign's row locked (<c>FOR NO KEY UPDATE SKIP LOCKED</c>) from the claim until the published rows are marked: another
/// instance's round skips the campaign meanwhile, so no two instances publish the same recipient, and a pause or
/// cancel waits for the round in progress and then stops the next one. <c>NO KEY</c>: a row that refers to the campaign
/// (its tracked links, stored by the round's first publish on a connection of their own) can still be written.
/// </summary>
public sealed class DispatchStore(NpgsqlDataSource dataSource, IOptions<CampaignsOptions> options)
{
    /// <summary>The campaigns being sent.</summary>
    public async Task<IReadOnlyList<Guid>> RunningAsync(CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<Guid>(new CommandDefinition(
            "SELECT id FROM campaigns.campaigns WHERE status = 'running'", cancellationToken: cancellationToken))).AsList();
    }

    /// <summary>
    /// One round of one campaign: claims its due pending recipients, at most what its pace allows since its last round
    /// and what its in-flight window has room for (<see cref="Pacing"/>), hands them to <paramref name="publish"/>, then marks them published, and
    /// completes the campaign when no pending recipient is left. Publish before mark: a crash in between publishes
    /// the same message ids again, which Outbound's send claim keeps from the carrier.
    /// </summary>
    /// <returns>How many recipients were published.</returns>
    public async Task<int> DispatchAsync(
        Guid campaignId, DateTimeOffset now, Func<Campaign, IReadOnlyList<PlannedRecipient>, CancellationToken, Task> publish,
        CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<(DateTime? DispatchedAt, int Pace)>(new CommandDefinition("""
            SELECT dispatched_at, pace_per_second FROM campaigns.campaigns
            WHERE id = @Id AND status = 'running'
            FOR NO KEY UPDATE SKIP LOCKED
            """, new { Id = campaignId }, transaction, cancellationToken: cancellationToken));
        if (row == default) return 0;
        // Published and not yet answered (V0007's index holds just these rows), a lost answer counting only for a while.
        var inFlight = await connection.ExecuteScalarAsync<int>(new CommandDefinition("""
            SELECT count(*) FROM campaigns.recipients
            WHERE campaign_id = @Id AND state = 'published' AND published_at > @Since
            """, new { Id = campaignId, Since = (now - options.Value.InFlightTimeout).UtcDateTime }, transaction,
            cancellationToken: cancellationToken));
        var allowance = Pacing.Allowance(row.Pace, row.DispatchedAt is { } last ? CampaignStore.Utc(last) : null, now,
            inFlight, options.Value.MaxInFlight);
        if (allowance == 0) return 0;

        var claimed = (await connection.QueryAsync<(string Number, Guid MessageId, string Attributes, DateTime DueAt)>(new CommandDefinition("""
            SELECT number, message_id, attributes::text, due_at FROM campaigns.recipients
            WHERE campaign_id = @Id AND state = 'pending' AND due_at <= @Now
            ORDER BY due_at
            LIMIT @Limit
            FOR UPDATE SKIP LOCKED
            """, new { Id = campaignId, Now = now.UtcDateTime, Limit = allowance }, transaction, cancellationToken: cancellationToken)))
            .Select(r => new PlannedRecipient(r.Number, r.MessageId, RecipientAttributes.Parse(r.Attributes), CampaignStore.Utc(r.DueAt)))
            .ToList();

        if (claimed.Count > 0)
        {
            var campaign = (await connection.QuerySingleAsync<CampaignStore.CampaignRow>(new CommandDefinition(
                $"SELECT {CampaignStore.Columns} FROM campaigns.campaigns WHERE id = @Id", new { Id = campaignId }, transaction,
                cancellationToken: cancellationToken))).ToCampaign();
            await publish(campaign, claimed, cancellationToken);
            await connection.ExecuteAsync(new CommandDefinition("""
                UPDATE campaigns.recipients SET state = 'published', published_at = @Now
                WHERE campaign_id = @Id AND number = ANY(@Numbers);
                UPDATE campaigns.campaigns SET dispatched_at = @Now WHERE id = @Id;
                """, new { Id = campaignId, Now = now.UtcDateTime, Numbers = claimed.Select(c => c.Number).ToArray() }, transaction,
                cancellationToken: cancellationToken));
        }
        else
        {
            await connection.ExecuteAsync(new CommandDefinition("""
                UPDATE campaigns.campaigns SET status = 'completed', finished_at = @Now, updated_at = @Now
                WHERE id = @Id AND NOT EXISTS (SELECT 1 FROM campaigns.recipients WHERE campaign_id = @Id AND state = 'pending')
                """, new { Id = campaignId, Now = now.UtcDateTime }, transaction, cancellationToken: cancellationToken));
        }
        await transaction.CommitAsync(cancellationToken);
        return claimed.Count;
    }
}
