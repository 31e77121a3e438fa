using System.Text.Json;
using Dapper;
using Npgsql;
using Sms.Campaigns.Audience;
using Sms.Campaigns.Campaigns;
using Sms.Campaigns.Content;
using Sms.Contracts.Campaigns;
using Sms.Contracts.Outbound;

namespace Sms.Campaigns.Data;

/// <summary>
/// The campaigns and their recipients' plan (<c>campaigns.campaigns</c>, <c>campaigns.recipients</c>). Every status
/// change is a conditional update on the statuses <see cref="CampaignLifecycle"/> allows it from, so two changes that
/// race (a pause from the API, a cancel from the bus) cannot both apply.
/// </summary>
public sealed class CampaignStore(NpgsqlDataSource dataSource)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    internal const string Columns = """
        id, name, status, segment_id AS segmentid, audience_id AS audienceid, text, flow_name AS flowname,
        prompt::text AS prompt, from_number AS fromnumber, category, send_at AS sendat, local_time AS localtime, spread_minutes AS spreadminutes,
        pace_per_second AS pacepersecond, dry_run::text AS dryrun, created_by AS createdby, created_at AS createdat,
        planned_at AS plannedat, launched_at AS launchedat, finished_at AS finishedat, planned_invalid AS plannedinvalid,
        planned_duplicates AS plannedduplicates, warnings::text AS warnings, warnings_overridden_by AS warningsoverriddenby
        """;

    /// <summary>Creates a draft with this id, or nothing when it exists (the same command twice); true when created.</summary>
    /// <param name="members">Recipients named by number: stored as the campaign's own audience (its id is the campaign's).</param>
    public async Task<bool> CreateAsync(
        Guid id, CampaignDraft draft, string createdBy, DateTimeOffset now, AudienceParse? members, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (await connection.ExecuteScalarAsync<bool>(new CommandDefinition(
                "SELECT EXISTS (SELECT 1 FROM campaigns.campaigns WHERE id = @Id)", new { Id = id }, transaction, cancellationToken: cancellationToken)))
            return false;
        if (members is not null)
        {
            await AudienceStore.WriteAsync(connection, transaction, id, draft.Name, members, createdBy, now, cancellationToken);
            draft = draft with { AudienceId = id, SegmentId = null };
        }
        var created = await WithKnownReferencesAsync(() => connection.ExecuteAsync(new CommandDefinition("""
            INSERT INTO campaigns.campaigns (id, name, status, segment_id, audience_id, text, flow_name, prompt, from_number, category,
                send_at, local_time, spread_minutes, pace_per_second, created_by, created_at, updated_at)
            VALUES (@Id, @Name, 'draft', @SegmentId, @AudienceId, @Text, @FlowName, @Prompt::jsonb, @From, @Category,
                @SendAt, @LocalTime::time, @SpreadMinutes, @PacePerSecond, @CreatedBy, @Now, @Now)
            ON CONFLICT (id) DO NOTHING
            """, DraftParameters(id, draft, now, createdBy), transaction, cancellationToken: cancellationToken)));
        await transaction.CommitAsync(cancellationToken);
        return created == 1;
    }

    /// <summary>Replaces a draft's content and schedule; false when it is no longer a draft (or does not exist).</summary>
    public async Task<bool> UpdateDraftAsync(Guid id, CampaignDraft draft, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // An edit makes an earlier dry run's plan and tally stale: the next dry run plans again (a launch always does).
        return await WithKnownReferencesAsync(() => connection.ExecuteAsync(new CommandDefinition("""
            UPDATE campaigns.campaigns SET name = @Name, segment_id = @SegmentId, audience_id = @AudienceId, text = @Text,
                flow_name = @FlowName, prompt = @Prompt::jsonb, from_number = @From, category = @Category, send_at = @SendAt, local_time = @LocalTime::time,
                spread_minutes = @SpreadMinutes, pace_per_second = @PacePerSecond, dry_run = NULL, planned_at = NULL, updated_at = @Now
            WHERE id = @Id AND status = 'draft'
            """, DraftParameters(id, draft, now, createdBy: ""), cancellationToken: cancellationToken))) == 1;
    }

    /// <summary>A draft naming a segment or audience that does not exist is the caller's mistake (400), not the database's.</summary>
    private static async Task<int> WithKnownReferencesAsync(Func<Task<int>> write)
    {
        try
        {
            return await write();
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            throw new SegmentException("the segment or audience the campaign names does not exist");
        }
    }

    private static object DraftParameters(Guid id, CampaignDraft draft, DateTimeOffset now, string createdBy) => new
    {
        Id = id, draft.Name, draft.SegmentId, draft.AudienceId, draft.Text, draft.FlowName,
        Prompt = draft.Prompt is { } prompt ? JsonSerializer.Serialize(prompt, Json) : null, draft.From,
        Category = draft.Category.ToString(), SendAt = draft.SendAt?.UtcDateTime, LocalTime = draft.LocalTime?.ToTimeSpan(), draft.SpreadMinutes,
        draft.PacePerSecond, CreatedBy = createdBy, Now = now.UtcDateTime,
    };

    public async Task<Campaign?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<CampaignRow>(new CommandDefinition(
            $"SELECT {Columns} FROM campaigns.campaigns WHERE id = @Id", new { Id = id }, cancellationToken: cancellationToken));
        return row?.ToCampaign();
    }

    /// <summary>The newest campaigns first.</summary>
    public async Task<IReadOnlyList<Campaign>> ListAsync(int limit, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = await connection.QueryAsync<CampaignRow>(new CommandDefinition(
            $"SELECT {Columns} FROM campaigns.campaigns ORDER BY created_at DESC, id LIMIT @Limit", new { Limit = limit },
            cancellationToken: cancellationToken));
        return rows.Select(r => r.ToCampaign()).ToList();
    }

    /// <summary>How many recipients are in each state (all states named, zero when none).</summary>
    public async Task<CampaignProgress> ProgressAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var counts = (await connection.QueryAsync<(string State, long Count)>(new CommandDefinition(
            "SELECT state, count(*) FROM campaigns.recipients WHERE campaign_id = @Id GROUP BY state", new { Id = id },
            cancellationToken: cancellationToken))).ToDictionary(c => c.State, c => (int)c.Count);
        var byState = RecipientStates.All.ToDictionary(s => s, s => counts.GetValueOrDefault(s));
        return new CampaignProgress { Recipients = byState.Values.Sum(), ByState = byState };
    }

    /// <summary>Moves the campaign to <paramref name="to"/> when its status is one of <paramref name="from"/>; true when it moved.</summary>
    public async Task<bool> ChangeStatusAsync(
        Guid id, IReadOnlyList<CampaignStatus> from, CampaignStatus to, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await ChangeStatusAsync(connection, null, id, from, to, now, cancellationToken);
    }

    private static async Task<bool> ChangeStatusAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, Guid id, IReadOnlyList<CampaignStatus> from, CampaignStatus to,
        DateTimeOffset now, CancellationToken cancellationToken) =>
        await connection.ExecuteAsync(new CommandDefinition("""
            UPDATE campaigns.campaigns SET status = @To, updated_at = @Now,
                launched_at = CASE WHEN @To = 'running' THEN COALESCE(launched_at, @Now) ELSE launched_at END,
                finished_at = CASE WHEN @To IN ('completed', 'cancelled') THEN @Now ELSE finished_at END
            WHERE id = @Id AND status = ANY(@From)
            """,
            new { Id = id, To = CampaignLifecycle.ToText(to), From = from.Select(CampaignLifecycle.ToText).ToArray(), Now = now.UtcDateTime },
            transaction, cancellationToken: cancellationToken)) == 1;

    /// <summary>
    /// Records the content check's <paramref name="warnings"/> on the text being launched and, when there are any, that
    /// <paramref name="launchedBy"/> overrode them (README, "Content check").
    /// </summary>
    public async Task RecordLaunchWarningsAsync(Guid id, IReadOnlyList<ContentWarning> warnings, string launchedBy, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE campaigns.campaigns SET warnings = @Warnings::jsonb, warnings_overridden_by = @By WHERE id = @Id",
            new { Id = id, Warnings = JsonSerializer.Serialize(warnings, Json), By = warnings.Count > 0 ? launchedBy : null },
            cancellationToken: cancellationToken));
    }

    /// <summary>Cancels the campaign and, in the same transaction, every recipient not yet published; true when it moved.</summary>
    public async Task<bool> CancelAsync(Guid id, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await ChangeStatusAsync(connection, transaction, id, CampaignLifecycle.From(CampaignAction.Cancel), CampaignStatus.Cancelled, now, cancellationToken))
            return false;
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE campaigns.recipients SET state = 'cancelled' WHERE campaign_id = @Id AND state = 'pending'",
            new { Id = id }, transaction, cancellationToken: cancellationToken, commandTimeout: 600));
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// Plans the campaign's recipients (<see cref="RecipientPlan"/>) and records when, and what planning left out.
    /// Returns how many recipients the campaign has.
    /// </summary>
    public async Task<int> PlanAsync(Campaign campaign, string defaultScope, string defaultTimeZone, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        CommandParts plan;
        if (campaign.SegmentId is { } segmentId)
        {
            var segments = (await connection.QueryAsync<(Guid Id, string Definition)>(new CommandDefinition(
                    "SELECT id, definition::text FROM campaigns.segments", cancellationToken: cancellationToken)))
                .ToDictionary(s => s.Id, s => JsonSerializer.Deserialize<SegmentDefinition>(s.Definition, Json)!);
            if (!segments.TryGetValue(segmentId, out var segment))
                throw new SegmentException($"the segment {segmentId} does not exist");
            var (where, parameters) = SegmentSql.Build(segment, id => segments.GetValueOrDefault(id), defaultScope, now);
            plan = RecipientPlan.FromSegment(campaign, where, parameters, now, defaultTimeZone);
        }
        else if (campaign.AudienceId is { } audienceId)
            plan = RecipientPlan.FromAudience(campaign, audienceId, now, defaultTimeZone);
        else
            throw new SegmentException("the campaign names neither a segment nor an audience");

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // A plan is made afresh, in one transaction: a launch retried after a crash finds nothing of the one that
        // crashed, and a launch after a dry run plans who is in the segment now. Only ever a draft's or a planning
        // campaign's rows: nothing of them was published.
        await connection.ExecuteAsync(new CommandDefinition("""
            DELETE FROM campaigns.recipients r
            WHERE r.campaign_id = @Id AND EXISTS (SELECT 1 FROM campaigns.campaigns c WHERE c.id = @Id AND c.status IN ('draft', 'planning'))
            """, new { campaign.Id }, transaction, commandTimeout: 600, cancellationToken: cancellationToken));
        await connection.ExecuteAsync(new CommandDefinition(plan.Insert, plan.Parameters, transaction, commandTimeout: 600, cancellationToken: cancellationToken));
        var invalid = await connection.ExecuteScalarAsync<long>(new CommandDefinition(plan.Invalid, plan.Parameters, transaction, commandTimeout: 600, cancellationToken: cancellationToken));
        // An upload's rows left out before they became members: reported by line with the audience, counted here.
        var (badInvalid, duplicates) = campaign.AudienceId is { } audience
            ? await connection.QuerySingleAsync<(long Invalid, long Duplicates)>(new CommandDefinition($"""
                SELECT count(*) FILTER (WHERE NOT ({AudienceStore.DuplicateRows})), count(*) FILTER (WHERE {AudienceStore.DuplicateRows})
                FROM campaigns.audiences a, jsonb_array_elements(a.bad_rows) b
                WHERE a.id = @Id
                """, new { Id = audience }, transaction, cancellationToken: cancellationToken))
            : (0, 0);
        invalid += badInvalid;
        var recipients = await connection.ExecuteScalarAsync<long>(new CommandDefinition("""
            UPDATE campaigns.campaigns SET planned_at = @Now, planned_invalid = @Invalid, planned_duplicates = @Duplicates, updated_at = @Now
            WHERE id = @Id;
            SELECT count(*) FROM campaigns.recipients WHERE campaign_id = @Id;
            """, new { campaign.Id, Now = now.UtcDateTime, Invalid = (int)invalid, Duplicates = (int)duplicates }, transaction,
            commandTimeout: 600, cancellationToken: cancellationToken));
        await transaction.CommitAsync(cancellationToken);
        return (int)recipients;
    }

    /// <summary>Stores a dry run's tally with the campaign.</summary>
    public async Task SaveDryRunAsync(Guid id, string json, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE campaigns.campaigns SET dry_run = @Json::jsonb, updated_at = @Now WHERE id = @Id",
            new { Id = id, Json = json, Now = now.UtcDateTime }, cancellationToken: cancellationToken));
    }

    /// <summary>The pending recipients in due order, read as a stream (the dry run evaluates them chunk by chunk).</summary>
    public async IAsyncEnumerable<PlannedRecipient> PendingAsync(Guid id, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var rows = connection.QueryUnbufferedAsync<PlannedRecipientRow>(
            "SELECT number, message_id AS messageid, attributes::text AS attributes, due_at AS dueat FROM campaigns.recipients WHERE campaign_id = @Id AND state = 'pending' ORDER BY due_at, number",
            new { Id = id });
        await foreach (var row in rows.WithCancellation(cancellationToken))
            yield return new PlannedRecipient(row.Number, row.MessageId, RecipientAttributes.Parse(row.Attributes), Utc(row.DueAt));
    }

    /// <summary>One recipient of the campaign, or null when the number is not one of its recipients (or there is no such campaign).</summary>
    public async Task<RecipientDetail?> RecipientAsync(Guid campaignId, string number, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var row = await connection.QuerySingleOrDefaultAsync<RecipientRow>(new CommandDefinition("""
            SELECT number, state, reason, message_id AS messageid, due_at AS dueat, time_zone AS timezone, published_at AS publishedat,
                   sent_at AS sentat, delivered_at AS deliveredat, replied_at AS repliedat, opted_out_at AS optedoutat
            FROM campaigns.recipients WHERE campaign_id = @CampaignId AND number = @Number
            """, new { CampaignId = campaignId, Number = number }, cancellationToken: cancellationToken));
        if (row is null) return null;
        var dueAt = Utc(row.DueAt);
        return new RecipientDetail
        {
            CampaignId = campaignId, Number = row.Number, State = row.State, Reason = row.Reason, MessageId = row.MessageId,
            DueAt = dueAt, TimeZone = row.TimeZone, DueAtLocal = RecipientDetail.Local(dueAt, row.TimeZone),
            PublishedAt = UtcOrNull(row.PublishedAt), SentAt = UtcOrNull(row.SentAt), DeliveredAt = UtcOrNull(row.DeliveredAt),
            RepliedAt = UtcOrNull(row.RepliedAt), OptedOutAt = UtcOrNull(row.OptedOutAt),
        };
    }

    private static DateTimeOffset? UtcOrNull(DateTime? value) => value is { } v ? Utc(v) : null;

    private sealed record RecipientRow
    {
        public string Number { get; init; } = "";
        public string State { get; init; } = "";
        public string? Reason { get; init; }
        public Guid MessageId { get; init; }
        public DateTime DueAt { get; init; }
        public string? TimeZone { get; init; }
        public DateTime? PublishedAt { get; init; }
        public DateTime? SentAt { get; init; }
        public DateTime? DeliveredAt { get; init; }
        public DateTime? RepliedAt { get; init; }
        public DateTime? OptedOutAt { get; init; }
    }

    internal static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));

    private sealed record PlannedRecipientRow(string Number, Guid MessageId, string Attributes, DateTime DueAt);

    internal sealed class CampaignRow
    {
        public Guid Id { get; init; }
        public string Name { get; init; } = "";
        public string Status { get; init; } = "";
        public Guid? SegmentId { get; init; }
        public Guid? AudienceId { get; init; }
        public string? Text { get; init; }
        public string? FlowName { get; init; }
        public string? Prompt { get; init; }
        public string? FromNumber { get; init; }
        public string Category { get; init; } = "";
        public DateTime? SendAt { get; init; }
        public TimeSpan? LocalTime { get; init; }
        public int SpreadMinutes { get; init; }
        public int PacePerSecond { get; init; }
        public string? DryRun { get; init; }
        public string CreatedBy { get; init; } = "";
        public DateTime CreatedAt { get; init; }
        public DateTime? PlannedAt { get; init; }
        public DateTime? LaunchedAt { get; init; }
        public DateTime? FinishedAt { get; init; }
        public int PlannedInvalid { get; init; }
        public int PlannedDuplicates { get; init; }
        public string? Warnings { get; init; }
        public string? WarningsOverriddenBy { get; init; }

        public Campaign ToCampaign() => new()
        {
            Id = Id, Name = Name, Status = CampaignLifecycle.Parse(Status), SegmentId = SegmentId, AudienceId = AudienceId,
            Text = Text, FlowName = FlowName, From = FromNumber,
            Prompt = Prompt is { } prompt ? JsonSerializer.Deserialize<SmsPrompt>(prompt, Json) : null,
            Category = Enum.TryParse<SmsCategory>(Category, ignoreCase: true, out var category) ? category : SmsCategory.Marketing,
            SendAt = SendAt is { } sendAt ? Utc(sendAt) : null,
            LocalTime = LocalTime is { } localTime ? TimeOnly.FromTimeSpan(localTime) : null,
            SpreadMinutes = SpreadMinutes, PacePerSecond = PacePerSecond, DryRunJson = DryRun, CreatedBy = CreatedBy,
            CreatedAt = Utc(CreatedAt), PlannedAt = PlannedAt is { } p ? Utc(p) : null,
            LaunchedAt = LaunchedAt is { } l ? Utc(l) : null, FinishedAt = FinishedAt is { } f ? Utc(f) : null,
            PlannedInvalid = PlannedInvalid, PlannedDuplicates = PlannedDuplicates,
            Warnings = Warnings is { } warnings ? JsonSerializer.Deserialize<List<ContentWarning>>(warnings, Json) ?? [] : [],
            WarningsOverriddenBy = WarningsOverriddenBy,
        };
    }
}

/// <summary>The states of <c>campaigns.recipients.state</c>, in their order.</summary>
public static class RecipientStates
{
    public static readonly IReadOnlyList<string> All = ["pending", "published", "sent", "delivered", "failed", "suppressed", "deferred", "cancelled"];
}

/// <summary>A planned recipient: their number, their message's id, their attributes for the text, and when it is due.</summary>
public sealed record PlannedRecipient(string Number, Guid MessageId, IReadOnlyDictionary<string, string> Attributes, DateTimeOffset DueAt);


