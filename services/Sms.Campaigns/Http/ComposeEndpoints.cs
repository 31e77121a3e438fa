using Microsoft.AspNetCore.Http.HttpResults;
using Sms.Campaigns.Content;
using Sms.Contracts.Outbound;
using Sms.ServiceDefaults.Hosting;
using Sms.ServiceDefaults.Security;
using Sms.ServiceDefaults.Text;

namespace Sms.Campaigns.Http;

/// <summary>A text to measure and check before it becomes a campaign's; category Marketing when none is given.</summary>
public sealed record ComposeRequest
{
    public string? Text { get; init; }

    public SmsCategory? Category { get; init; }
}

/// <summary>
/// <c>POST /v1/campaigns/compose</c> <c>{text, category?}</c> (campaigns scope): the compose screen's counter and the
/// pre-launch content check (<see cref="ComposedText"/>, <see cref="ContentCheck"/>). Nothing is stored.
/// </summary>
public static class ComposeEndpoints
{
    /// <summary>Longer than any text worth sending as SMS (a 10-segment UCS-2 text is 670 characters).</summary>
    public const int MaxTextLength = 5_000;

    public static WebApplication MapComposeEndpoints(this WebApplication app)
    {
        app.MapPost("/v1/campaigns/compose", ComposeAsync).WithTags("Campaigns").WithName("ComposeCampaignText")
            .RequireScope(ApiScopes.Campaigns).ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        return app;
    }

    public static async Task<Results<Ok<ComposedText>, ValidationProblem, ProblemHttpResult>> ComposeAsync(
        HttpRequest http, ContentCheck check, LinkTracking tracking, Data.LinkStore links, CancellationToken cancellationToken)
    {
        var (request, unreadable) = await RequestBodies.ReadJsonAsync<ComposeRequest>(http, Data.SegmentStore.Json, 64 * 1024, cancellationToken);
        if (unreadable is not null) return unreadable;
        var problem = string.IsNullOrWhiteSpace(request!.Text) ? "A text is required." : MessageText.Problem(request.Text, MaxTextLength);
        if (problem is not null)
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["text"] = [problem] }, title: "Not a text to compose");
        return TypedResults.Ok(ComposedText.Of(request.Text!, request.Category ?? SmsCategory.Marketing, check, tracking,
            tracking.IsOn ? await links.NewestIdAsync(cancellationToken) : 0));
    }
}
