using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Sms.Conversations.Data;
using Sms.ServiceDefaults.Security;

namespace Sms.Conversations.Http;

/// <summary><c>GET /v1/metrics?from=&amp;to=&amp;groupBy=day|campaign</c>: the inbox's metrics (definitions on <see cref="MetricsRow"/>).</summary>
public static class MetricsEndpoints
{
    public const string Description = """
        One row per day (UTC, key 2025-01-31) or per campaign (key the campaign id, '(none)' for messages of no campaign), from (inclusive, default 7 days ago) to (exclusive, default now). Rates are 0 to 1, null when nothing to divide by.
        - inbound: customer messages received.
        - outbound: our messages the carrier accepted.
        - replyRate: prompts (sends that expect a reply) answered by a customer message in the same conversation within 24 hours ÷ prompts sent.
        - keywordMatchRate: customer messages automation understood ÷ customer messages not handled by Compliance (STOP, START, HELP).
        - automationContainment: conversations with customer messages that needed no person (no escalation and no agent reply on that day or in that campaign) ÷ conversations with customer messages.
        - handoffRate: of those conversations, the share escalated to the inbox on that day or in that campaign (every escalation counts).
        - medianFirstAgentReplySeconds: median time from an escalation to the first agent reply after it.
        - optOutRate: opt-outs on the day ÷ customers we sent to that day; by campaign, opt-outs after a message of the campaign (the latest sent before the opt-out) ÷ its recipients. Counted when they happened: a later opt-in does not take one back. optOuts: that count.
        - csatAverage: the average score (1-5) of the satisfaction surveys sent that were answered; csatResponseRate: surveys answered ÷ surveys sent (the carrier accepted them).
        csatByAgent: the surveys of the whole period per agent who resolved the conversation ('(none)': resolved unassigned), with asked, answered, average and responseRate.
        By campaign, a customer message, an escalation and an agent reply count for the campaign of the latest prompt before them in their conversation. A row counts only what happened on its day or in its campaign, so its figures do not change with the period asked for.
        """;

    public static IEndpointRouteBuilder MapMetricsEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/metrics", QueryAsync).RequireScope(ApiScopes.InboxRead)
            .Produces<MetricsResponse>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status401Unauthorized)
            .WithTags("Metrics")
            .WithSummary("Reply rate, keyword match rate, automation containment, handoff rate, time to first agent reply, opt-out rate and satisfaction (CSAT), per day or per campaign; CSAT also per agent.")
            .WithDescription(Description);
        return app;
    }

    private static async Task<Results<Ok<MetricsResponse>, ValidationProblem>> QueryAsync(
        [FromQuery] string? from, [FromQuery] string? to, [FromQuery] string? groupBy,
        [FromServices] MetricsStore metrics, [FromServices] TimeProvider time, CancellationToken cancellationToken)
    {
        if (!MetricsQueryValidator.TryParse(from, to, groupBy, time.GetUtcNow(), out var query, out var errors))
            return TypedResults.ValidationProblem(errors, title: "The query is not valid");
        return TypedResults.Ok(new MetricsResponse(
            await metrics.QueryAsync(query.From, query.To, query.ByCampaign, cancellationToken),
            await metrics.CsatByAgentAsync(query.From, query.To, cancellationToken),
            await metrics.CsatByTeamAsync(query.From, query.To, cancellationToken)));
    }
}
