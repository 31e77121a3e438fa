using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Sms.Ingress.Data;
using Sms.Ingress.Extensions;
using Sms.ServiceDefaults.Security;
using StackExchange.Redis;

namespace Sms.Ingress.Http;

/// <summary>
/// <c>GET /v1/rejected-webhooks?limit=50</c>: the webhooks most recently refused as malformed (400, 413, 415), newest
/// first, each with its raw request, for whoever has to find out what the carrier sent. API key required: the records
/// hold phone numbers and message text. 400 for a limit outside 1…<c>Ingress:RejectedWebhooksKept</c>; 503 when Redis
/// does not answer.
/// </summary>
public static class RejectedWebhooksEndpoints
{
    public const string Path = "/v1/rejected-webhooks";
    public const int DefaultLimit = 50;

    public static IEndpointRouteBuilder MapRejectedWebhooksEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, ListAsync)
            .RequireScope(ApiScopes.InboxAdmin)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithName("RejectedWebhooks")
            .WithTags("Operations");
        return app;
    }

    /// <param name="limit">Read as text (<see cref="RejectedWebhooksRequestValidator"/>).</param>
    private static async Task<Results<Ok<IReadOnlyList<RejectedWebhook>>, ValidationProblem, ProblemHttpResult>> ListAsync(
        string? limit, RejectedWebhookStore store, IOptions<IngressOptions> options)
    {
        var kept = options.Value.RejectedWebhooksKept;
        if (RejectedWebhooksRequestValidator.Limit(limit, kept) is not { } take)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["limit"] = [RejectedWebhooksRequestValidator.LimitError(kept)] },
                title: "Request not valid");
        }

        try
        {
            return TypedResults.Ok(await store.NewestAsync(take));
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "Rejected webhooks not available", detail: "The ingress's store did not answer. Try again later.");
        }
    }
}
