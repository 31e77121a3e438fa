using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Sms.Ingress.Extensions;
using Sms.Ingress.Links;

namespace Sms.Ingress.Http;

/// <summary>
/// <c>GET</c> and <c>HEAD</c> <c>/l/{code}</c>: a campaign's tracked link, opened from a customer's phone (README,
/// "Link clicks"). Open to anyone, by design: the code is the gate (signed with <c>Links:SigningKey</c>; one made up
/// or changed is a 404 without asking anything of Campaigns). 302 to the link's address with <c>Cache-Control:
/// no-store</c> and <c>Referrer-Policy: no-referrer</c> (the destination does not learn the code), the click published
/// for a <c>GET</c> by a person; 404 <c>text/plain</c> for any code that does not lead anywhere, whatever the reason;
/// 503 with <c>Retry-After</c> when Campaigns could not be asked. The decisions are <see cref="TrackedLinkRedirect"/>'s.
/// </summary>
public static class TrackedLinkEndpoints
{
    public const string Path = "/l/{code}";

    public static IEndpointRouteBuilder MapTrackedLinkEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapMethods(Path, [HttpMethods.Get, HttpMethods.Head], OpenAsync)
            .AllowAnonymous() // public by design: customers' phones open it; the signed code is its gate
            .Produces(StatusCodes.Status302Found)
            .Produces<string>(StatusCodes.Status404NotFound, "text/plain")
            .Produces<string>(StatusCodes.Status503ServiceUnavailable, "text/plain")
            .WithTags("Tracked links").WithName("OpenTrackedLink");
        return app;
    }

    private static async Task<Results<RedirectHttpResult, ContentHttpResult>> OpenAsync(
        string code, HttpContext context, IOptions<TrackedLinkOptions> options, TrackedLinkResolver resolver, TrackedLinkClicks clicks,
        TimeProvider clock, ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(TrackedLinkEndpoints));
        var headers = context.Response.Headers;
        headers.CacheControl = "no-store";
        headers["Referrer-Policy"] = "no-referrer";

        var signingKey = options.Value.SigningKey;
        if (TrackedLinkRedirect.Read(code, signingKey) is not { } reading)
        {
            IngressLog.TrackedLinkRefused(logger, string.IsNullOrEmpty(signingKey)
                ? "no signing key is configured (Links:SigningKey)"
                : "the code is not one signed with this signing key");
            return NotValid(TrackedLinkOutcome.Invalid);
        }

        var lookup = await resolver.ResolveAsync(reading.LinkId, context.RequestAborted);
        var answer = TrackedLinkRedirect.Decide(reading, lookup, context.Request.Method, context.Request.Headers.UserAgent, clock.GetUtcNow());
        switch (answer.Outcome)
        {
            case TrackedLinkOutcome.Unavailable:
                IngressMetrics.TrackedLinkRequest(answer.Outcome.Tag());
                headers.RetryAfter = Problems.RetryAfterSeconds;
                return TypedResults.Text(TrackedLinkRedirect.UnavailableText, "text/plain", System.Text.Encoding.UTF8,
                    StatusCodes.Status503ServiceUnavailable);
            case TrackedLinkOutcome.Unknown:
                IngressLog.TrackedLinkUnknown(logger, reading.LinkId);
                return NotValid(answer.Outcome);
            case TrackedLinkOutcome.Unsafe:
                IngressLog.TrackedLinkUnsafe(logger, reading.LinkId);
                return NotValid(answer.Outcome);
        }

        var outcome = answer.Outcome;
        if (answer.Click is { } click && !await clicks.TryPublishAsync(click, context.RequestAborted))
            outcome = TrackedLinkOutcome.ClickLost;
        IngressMetrics.TrackedLinkRequest(outcome.Tag());
        IngressLog.TrackedLinkOpened(logger, reading.LinkId, lookup.CampaignId, outcome.Tag());
        return TypedResults.Redirect(answer.Location!);
    }

    private static ContentHttpResult NotValid(TrackedLinkOutcome outcome)
    {
        IngressMetrics.TrackedLinkRequest(outcome.Tag());
        return TypedResults.Text(TrackedLinkRedirect.NotValidText, "text/plain", System.Text.Encoding.UTF8, StatusCodes.Status404NotFound);
    }
}
