using Dapper;
using Npgsql;

namespace Sms.Conversations.Data;

/// <summary>
/// One row of <c>GET /v1/metrics</c>: a day (<c>2025-01-31</c>, UTC) or a campaign id (<c>(none)</c> for messages of
/// no campaign). Rates are 0 to 1, null when their denominator is 0.
/// </summary>
/// <param name="Inbound">Customer messages received.</param>
/// <param name="Outbound">Our messages the carrier accepted (SmsSent).</param>
/// <param name="ReplyRate">Prompts (sends that expect a reply) answered by a customer message in the same conversation within 24 hours ÷ prompts sent.</param>
/// <param name="KeywordMatchRate">Customer messages automation understood (ReplyClassified) ÷ customer messages not handled by Compliance (STOP, START, HELP).</param>
/// <param name="AutomationContainment">Conversations with customer messages that needed no person (no escalation and no agent reply on that day or in that campaign) ÷ conversations with customer messages.</param>
/// <param name="HandoffRate">Of those conversations, the share escalated to the inbox on that day or in that campaign (every escalation counts, not only a conversation's latest).</param>
/// <param name="MedianFirstAgentReplySeconds">Median time from an escalation (keyed by its own day or campaign) to the first agent reply after it, in seconds (escalations with a reply).</param>
/// <param name="OptOutRate">
/// Opt-outs on that day ÷ customers we sent to that day; by campaign, opt-outs after a message of the campaign (the
/// latest we sent the customer before opting out) ÷ the campaign's recipients. Counted when they happened: a later
/// opt-in does not take one back. Null when nobody was sent to.
/// </param>
/// <param name="CsatAverage">The average score (1 to 5) of the satisfaction surveys sent on that day or in that campaign that were answered.</param>
/// <param name="CsatResponseRate">Those surveys answered ÷ surveys sent (the carrier accepted them).</param>
/// <param name="OptOuts">Customers who opted out on that day or after a message of that campaign (of any brand).</param>
public sealed record MetricsRow(
    string Key, long Inbound, long Outbound, double? ReplyRate, double? KeywordMatchRate, double? AutomationContainment,
    double? HandoffRate, double? MedianFirstAgentReplySeconds, double? OptOutRate, double? CsatAverage = null, double? CsatResponseRate = null,
    long OptOuts = 0);

/// <summary>
/// The satisfaction surveys sent in the period for one agent: the conversation's assignee when it was resolved
/// (<c>(none)</c> for a conversation resolved unassigned).
/// </summary>
/// <param name="Asked">Surveys the carrier accepted.</param>
/// <param name="Answered">Of those, the ones the customer scored.</param>
/// <param name="Average">Their average score, 1 to 5; null when none was answered.</param>
/// <param name="ResponseRate">Answered ÷ asked.</param>
public sealed record CsatAgentRow(string Name, long Asked, long Answered, double? Average, double? ResponseRate)
{
    /// <summary>The agent who resolved the conversation (<c>(none)</c>: resolved with nobody assigned).</summary>
    public string Agent => Name;
}

/// <summary>The satisfaction surveys of a period for one team (<c>(none)</c>: conversations no team owned).</summary>
public sealed record CsatTeamRow(string Name, long Asked, long Answered, double? Average, double? ResponseRate)
{
    public string Team => Name;
}

/// <summary>The inbox's metrics, computed from the stored threads (definitions on <see cref="MetricsRow"/>).</summary>
public sealed class MetricsStore(NpgsqlDataSource dataSource)
{
    public async Task<IReadOnlyList<MetricsRow>> QueryAsync(DateTimeOffset from, DateTimeOffset to, bool byCampaign, CancellationToken cancellationToken)
    {
        // The key of what happened at `at` in a conversation: its day, or its campaign (the campaign it carries, for our
        // sends and prompts; else the campaign of the latest prompt before it in its conversation). Every count of a
        // row is of what happened on that row's day or in that campaign, so a row's figures do not depend on the rest
        // of the period asked for.
        string Key(string conversationId, string at, string? ownCampaign = null) => byCampaign
            ? ownCampaign is not null
                ? $"COALESCE({ownCampaign}, '(none)')"
                : $"COALESCE((SELECT p.campaign_id FROM conversations.prompts p WHERE p.conversation_id = {conversationId} AND p.sent_at <= {at} ORDER BY p.sent_at DESC LIMIT 1), '(none)')"
            : $"to_char({at} AT TIME ZONE 'UTC', 'YYYY-MM-DD')";

        // An opt-out's day, or the campaign of the latest message we sent the customer before it.
        var optOutKey = byCampaign
            ? "COALESCE((SELECT m.campaign_id FROM conversations.messages m WHERE m.customer_number = h.number AND m.direction = 'outbound' AND m.created_at <= h.recorded_at ORDER BY m.created_at DESC LIMIT 1), '(none)')"
            : "to_char(h.recorded_at AT TIME ZONE 'UTC', 'YYYY-MM-DD')";

        var sql = $"""
            WITH inbound AS (
                SELECT {Key("m.conversation_id", "m.created_at")} AS key, m.conversation_id, m.handled_by
                FROM conversations.messages m
                WHERE m.direction = 'inbound' AND m.text IS NOT NULL AND m.created_at >= @From AND m.created_at < @To),
            outbound AS (
                SELECT {Key("m.conversation_id", "m.created_at", "m.campaign_id")} AS key, m.customer_number, m.created_at
                FROM conversations.messages m
                WHERE m.direction = 'outbound' AND m.provider_message_ids IS NOT NULL AND m.created_at >= @From AND m.created_at < @To),
            prompts AS (
                SELECT {Key("p.conversation_id", "p.sent_at", "p.campaign_id")} AS key,
                       EXISTS (SELECT 1 FROM conversations.messages r
                               WHERE r.conversation_id = p.conversation_id AND r.direction = 'inbound' AND r.text IS NOT NULL
                                 AND r.created_at > p.sent_at AND r.created_at <= p.sent_at + interval '24 hours') AS answered
                FROM conversations.prompts p WHERE p.sent_at >= @From AND p.sent_at < @To),
            escalations AS (
                SELECT {Key("e.conversation_id", "e.escalated_at")} AS key, e.conversation_id,
                       extract(epoch FROM (SELECT min(a.created_at) FROM conversations.messages a
                                           WHERE a.conversation_id = e.conversation_id AND a.direction = 'outbound' AND a.origin = 'agent'
                                             AND a.created_at >= e.escalated_at)
                                      - e.escalated_at) AS seconds
                FROM conversations.escalations e WHERE e.escalated_at >= @From AND e.escalated_at < @To),
            csat AS (
                SELECT {Key("p.conversation_id", "p.sent_at", "p.campaign_id")} AS key, r.score
                FROM conversations.prompts p
                LEFT JOIN conversations.csat_responses r ON r.prompt_message_id = p.prompt_message_id
                WHERE p.session_type = 'csat' AND p.sent_at >= @From AND p.sent_at < @To),
            agent_replies AS (
                SELECT DISTINCT {Key("a.conversation_id", "a.created_at")} AS key, a.conversation_id
                FROM conversations.messages a
                WHERE a.direction = 'outbound' AND a.origin = 'agent' AND a.created_at >= @From AND a.created_at < @To),
            active AS (
                SELECT i.key, i.conversation_id,
                       EXISTS (SELECT 1 FROM escalations e WHERE e.key = i.key AND e.conversation_id = i.conversation_id) AS escalated,
                       EXISTS (SELECT 1 FROM agent_replies a WHERE a.key = i.key AND a.conversation_id = i.conversation_id) AS agent_replied
                FROM (SELECT DISTINCT key, conversation_id FROM inbound) i),
            recipients AS (
                SELECT DISTINCT o.key, o.customer_number FROM outbound o),
            opt_outs AS (
                SELECT DISTINCT {optOutKey} AS key, h.number
                FROM conversations.opt_out_history h WHERE h.recorded_at >= @From AND h.recorded_at < @To),
            keys AS (SELECT key FROM inbound UNION SELECT key FROM outbound UNION SELECT key FROM prompts UNION SELECT key FROM escalations
                     UNION SELECT key FROM opt_outs)
            SELECT k.key,
                   (SELECT count(*) FROM inbound i WHERE i.key = k.key) AS Inbound,
                   (SELECT count(*) FROM outbound o WHERE o.key = k.key) AS Outbound,
                   (SELECT avg(CASE WHEN answered THEN 1.0 ELSE 0.0 END) FROM prompts p WHERE p.key = k.key)::float8 AS ReplyRate,
                   (SELECT avg(CASE WHEN i.handled_by = 'automation' THEN 1.0 ELSE 0.0 END) FROM inbound i
                    WHERE i.key = k.key AND i.handled_by IS DISTINCT FROM 'compliance')::float8 AS KeywordMatchRate,
                   (SELECT avg(CASE WHEN NOT a.escalated AND NOT a.agent_replied THEN 1.0 ELSE 0.0 END) FROM active a WHERE a.key = k.key)::float8 AS AutomationContainment,
                   (SELECT avg(CASE WHEN a.escalated THEN 1.0 ELSE 0.0 END) FROM active a WHERE a.key = k.key)::float8 AS HandoffRate,
                   (SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY e.seconds) FROM escalations e WHERE e.key = k.key AND e.seconds IS NOT NULL)::float8 AS MedianFirstAgentReplySeconds,
                   ((SELECT count(*) FROM opt_outs x WHERE x.key = k.key)::float8
                    / NULLIF((SELECT count(*) FROM recipients r WHERE r.key = k.key), 0))::float8 AS OptOutRate,
                   (SELECT avg(c.score) FROM csat c WHERE c.key = k.key)::float8 AS CsatAverage,
                   (SELECT avg(CASE WHEN c.score IS NOT NULL THEN 1.0 ELSE 0.0 END) FROM csat c WHERE c.key = k.key)::float8 AS CsatResponseRate,
                   (SELECT count(*) FROM opt_outs x WHERE x.key = k.key) AS OptOuts
            FROM keys k
            ORDER BY k.key
            """;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<MetricsRow>(new CommandDefinition(sql,
            new { From = from.ToUniversalTime(), To = to.ToUniversalTime() }, cancellationToken: cancellationToken))).AsList();
    }

    /// <summary>
    /// The satisfaction surveys sent from <paramref name="from"/> to <paramref name="to"/>, per agent (the survey's
    /// context names who resolved the conversation), most asked first.
    /// </summary>
    public Task<IReadOnlyList<CsatAgentRow>> CsatByAgentAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        CsatByAsync<CsatAgentRow>("p.context->>'agent'", from, to, cancellationToken);

    /// <summary>The same per team (the conversation's team: the people who owned it).</summary>
    public Task<IReadOnlyList<CsatTeamRow>> CsatByTeamAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        CsatByAsync<CsatTeamRow>("c.team", from, to, cancellationToken);

    private async Task<IReadOnlyList<T>> CsatByAsync<T>(string group, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return (await connection.QueryAsync<T>(new CommandDefinition($"""
            SELECT COALESCE({group}, '(none)') AS Name, count(*) AS Asked, count(r.score) AS Answered,
                   avg(r.score)::float8 AS Average, count(r.score)::float8 / count(*) AS ResponseRate
            FROM conversations.prompts p
            JOIN conversations.conversations c ON c.id = p.conversation_id
            LEFT JOIN conversations.csat_responses r ON r.prompt_message_id = p.prompt_message_id
            WHERE p.session_type = 'csat' AND p.sent_at >= @From AND p.sent_at < @To
            GROUP BY 1
            ORDER BY Asked DESC, Name
            """, new { From = from.ToUniversalTime(), To = to.ToUniversalTime() }, cancellationToken: cancellationToken))).AsList();
    }
}
