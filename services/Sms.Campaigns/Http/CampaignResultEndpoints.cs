using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Sms.Campaigns.Campaigns;
using Sms.Campaigns.Data;
using Sms.Campaigns.Extensions;
using Sms.ServiceDefaults.Security;

namespace Sms.Campaigns.Http;

/// <summary>
/// A campaign's results (README, "Campaigns", "Results"), counted from its recipient rows at the moment of asking:
/// live while it runs, kept after.
/// </summary>
public static class CampaignResultEndpoints
{
    public static IEndpointRouteBuilder MapCampaignResultEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/v1/campaigns/{id:guid}/results", GetAsync).WithTags("Campaigns")
            .RequireScope(ApiScopes.Campaigns)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .WithName("GetCampaignResults")
            .WithSummary("Recipients, sent, delivered, failed, suppressed by reason, replies and their rates, opt-outs, median time to reply, " +
                "flow completions, agent hand-offs, segments and cost, and the replies per matched option for the chart.");
        return app;
    }

    private static async Task<Results<Ok<CampaignResults>, NotFound<ProblemDetails>>> GetAsync(
        Guid id, [FromServices] CampaignResultsQuery query, [FromServices] IOptions<CampaignsOptions> options, CancellationToken cancellationToken)
    {
        if (await query.CountAsync(id, cancellationToken) is not { } counts)
            return TypedResults.NotFound(new ProblemDetails { Status = StatusCodes.Status404NotFound, Title = "No such campaign" });
        return TypedResults.Ok(CampaignResults.From(id, counts, options.Value.Prices));
    }
}
