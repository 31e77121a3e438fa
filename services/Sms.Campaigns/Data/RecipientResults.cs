using Npgsql;
using NpgsqlTypes;
using Sms.Campaigns.Campaigns;
using Sms.Contracts.Compliance;
using Sms.Contracts.Inbound;
using Sms.Contracts.Outbound;

namespace Sms.Campaigns.Data;

/// <summary>
/// Writes what the platform's events say about campaign messages onto their recipient rows (README, "Campaigns",
/// "Results"). Every write is one UPDATE that is its own idempotency check: it moves a row only forward
/// (<see cref="RecipientProgress"/>) and sets a time only where none is (or an earlier one), so a redelivered or late
/// event matches no row and changes nothing, with no table of handled events. A batch's writes go in one round trip
/// and one transaction (<see cref="NpgsqlBatch"/>), in the batch's order; each returns whether it changed a row.
/// </summary>
public sealed class RecipientResults(NpgsqlDataSource dataSource)
{
    /// <summary>The row of a campaign message: by its message id, or by campaign and number (a flow's first message has its own id).</summary>
    private const string MatchSql = "(message_id = @MessageId OR (campaign_id = @CampaignId AND number = @Number))";

    /// <summary>The row is in a state the outcome may move (<see cref="RecipientProgress.MovesFrom"/>).</summary>
    private const string MovesSql = "(state = ANY(@From) OR state || ':' || COALESCE(reason, '') = ANY(@From))";

    /// <summary>The states of a row whose message may have reached the customer, so a reply can answer it.</summary>
    private const string AnswerableSql = "state IN ('published', 'sent', 'delivered')";

    /// <summary>Marks sent messages sent, with their sent time, segments and destination country; a row further on keeps its state.</summary>
    public Task<IReadOnlyList<bool>> RecordSentAsync(IReadOnlyList<SmsSent> sent, CancellationToken cancellationToken) =>
        ExecuteAsync(sent.Select(s => Command($"""
                UPDATE campaigns.recipients SET
                    state = CASE WHEN {MovesSql} THEN 'sent' ELSE state END,
                    reason = CASE WHEN {MovesSql} THEN NULL ELSE reason END,
                    sent_at = COALESCE(sent_at, @At),
                    segments = COALESCE(segments, @Segments),
                    country = COALESCE(country, @Country)
                WHERE {MatchSql} AND ({MovesSql} OR sent_at IS NULL)
                """,
                Request(s.Request)
                    .Append(From(RecipientOutcome.Sent))
                    .Append(Time("At", s.SentAt))
                    .Append(new NpgsqlParameter<int>("Segments", s.SegmentCount))
                    .Append(Text("Country", DestinationCountry.Of(s.Request.To)))))
            .ToList(), cancellationToken);

    /// <summary>Applies delivery receipts that name our message id and say delivered or failed; the others change nothing.</summary>
    public Task<IReadOnlyList<bool>> RecordReceiptsAsync(IReadOnlyList<SmsDeliveryStatusChanged> receipts, CancellationToken cancellationToken) =>
        ExecuteAsync(receipts.Select(r =>
                r.MessageId is { } id && RecipientProgress.OfReceipt(r.Status) is { } outcome
                    ? Move(id, null, r.To, outcome, RecipientProgress.ReasonOfReceipt(r), r.OccurredAt)
                    : null)
            .ToList(), cancellationToken);

    /// <summary>Marks a campaign message failed, suppressed or deferred, with its reason.</summary>
    public async Task<bool> RecordOutcomeAsync(SendSms request, RecipientOutcome outcome, string reason, DateTimeOffset at, CancellationToken cancellationToken) =>
        (await ExecuteAsync([Move(request.MessageId, CampaignOf(request), request.To, outcome, reason, at)], cancellationToken))[0];

    /// <summary>
    /// Marks each customer's message as the reply to the campaign message most recently published to the number within
    /// <paramref name="window"/> before it; the first reply counts, the later ones change nothing.
    /// </summary>
    public Task<IReadOnlyList<bool>> RecordRepliesAsync(IReadOnlyList<InboundSmsReceived> messages, TimeSpan window, CancellationToken cancellationToken) =>
        ExecuteAsync(messages.Select(m => Attribute("replied_at", m.From, m.ReceivedAt, window, flowName: null)).ToList(), cancellationToken);

    /// <summary>An opt-out (<c>opted_out_at</c>), hand-off (<c>handed_off_at</c>) or completed flow (<c>flow_completed_at</c>) within the window of the number's latest campaign message.</summary>
    public async Task<bool> RecordAttributedAsync(AttributedColumn column, string number, DateTimeOffset at, TimeSpan window, string? flowName, CancellationToken cancellationToken) =>
        (await ExecuteAsync([Attribute(ColumnOf(column), number, at, window, flowName)], cancellationToken))[0];

    /// <summary>A reply that matched an option or keyword of the campaign's prompt: counted as a reply, and as matched once.</summary>
    public async Task<bool> RecordMatchAsync(Guid campaignId, string number, string option, DateTimeOffset at, CancellationToken cancellationToken) =>
        (await ExecuteAsync([Command("""
                UPDATE campaigns.recipients SET
                    matched_keyword = true,
                    matched_option = @Option,
                    replied_at = LEAST(replied_at, @At)
                WHERE campaign_id = @CampaignId AND number = @Number AND NOT matched_keyword
                """,
            [Uuid("CampaignId", campaignId), Text("Number", number), Text("Option", option), Time("At", at)])], cancellationToken))[0];

    /// <summary>The campaign a send names, when its <c>CampaignId</c> is one of ours (a uuid); other tags match no row.</summary>
    public static Guid? CampaignOf(SendSms request) => Guid.TryParse(request.CampaignId, out var id) ? id : null;

    private static NpgsqlBatchCommand Move(Guid messageId, Guid? campaignId, string number, RecipientOutcome outcome, string? reason, DateTimeOffset at) =>
        Command($"""
            UPDATE campaigns.recipients SET
                state = @State,
                reason = @Reason,
                delivered_at = CASE WHEN @State = 'delivered' THEN COALESCE(delivered_at, @At) ELSE delivered_at END
            WHERE {MatchSql} AND {MovesSql} AND NOT (state = @State AND reason IS NOT DISTINCT FROM @Reason)
            """,
            [
                Uuid("MessageId", messageId), Uuid("CampaignId", campaignId), Text("Number", number),
                From(outcome), Text("State", RecipientProgress.StateOf(outcome)), Text("Reason", reason), Time("At", at),
            ]);

    private static NpgsqlBatchCommand Attribute(string column, string number, DateTimeOffset at, TimeSpan window, string? flowName) =>
        Command($"""
            UPDATE campaigns.recipients r SET {column} = @At
            FROM (SELECT campaign_id, number FROM campaigns.recipients
                  WHERE number = @Number AND published_at > @Since AND published_at <= @At AND {AnswerableSql}
                    {(flowName is null ? "" : "AND campaign_id IN (SELECT id FROM campaigns.campaigns WHERE flow_name = @Flow)")}
                  ORDER BY published_at DESC
                  LIMIT 1) latest
            WHERE r.campaign_id = latest.campaign_id AND r.number = latest.number AND (r.{column} IS NULL OR r.{column} > @At)
            """,
            flowName is null
                ? [Text("Number", number), Time("At", at), Time("Since", at - window)]
                : [Text("Number", number), Time("At", at), Time("Since", at - window), Text("Flow", flowName)]);

    private static string ColumnOf(AttributedColumn column) => column switch
    {
        AttributedColumn.OptedOut => "opted_out_at",
        AttributedColumn.HandedOff => "handed_off_at",
        AttributedColumn.FlowCompleted => "flow_completed_at",
        _ => throw new ArgumentOutOfRangeException(nameof(column), column, null),
    };

    private static IEnumerable<NpgsqlParameter> Request(SendSms request) =>
        [Uuid("MessageId", request.MessageId), Uuid("CampaignId", CampaignOf(request)), Text("Number", request.To)];

    private static NpgsqlParameter From(RecipientOutcome outcome) =>
        new("From", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = RecipientProgress.MovesFrom(outcome).ToArray() };

    private static NpgsqlParameter Uuid(string name, Guid? value) =>
        new(name, NpgsqlDbType.Uuid) { Value = value is { } v ? v : DBNull.Value };

    private static NpgsqlParameter Text(string name, string? value) =>
        new(name, NpgsqlDbType.Text) { Value = value is null ? DBNull.Value : value };

    private static NpgsqlParameter Time(string name, DateTimeOffset value) =>
        new(name, NpgsqlDbType.TimestampTz) { Value = value.ToUniversalTime() };

    private static NpgsqlBatchCommand Command(string sql, IEnumerable<NpgsqlParameter> parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.AddRange(parameters.ToArray());
        return command;
    }

    /// <summary>Runs the commands in one round trip and transaction; a null command (an event with nothing to write) changes nothing.</summary>
    private async Task<IReadOnlyList<bool>> ExecuteAsync(IReadOnlyList<NpgsqlBatchCommand?> commands, CancellationToken cancellationToken)
    {
        var changed = new bool[commands.Count];
        if (commands.All(c => c is null))
            return changed;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var command in commands)
            if (command is not null)
                batch.BatchCommands.Add(command);
        await batch.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        for (int i = 0, j = 0; i < commands.Count; i++)
            if (commands[i] is not null)
                changed[i] = batch.BatchCommands[j++].RecordsAffected > 0;
        return changed;
    }
}

/// <summary>The recipient columns an event after the message sets on the number's latest campaign message.</summary>
public enum AttributedColumn
{
    OptedOut,
    HandedOff,
    FlowCompleted,
}
