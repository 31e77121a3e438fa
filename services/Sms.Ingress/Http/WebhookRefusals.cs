using Sms.Ingress.Extensions;
using Sms.Ingress.Validation;
using Sms.ServiceDefaults.Validation;

namespace Sms.Ingress.Http;

/// <summary>
/// How every carrier webhook (Vonage, Twilio) is refused: logged and counted (<c>sms.ingress.webhooks.rejected</c>,
/// tagged with the webhook and the reason), nothing published.
/// </summary>
public sealed class WebhookRefusals(ILogger<WebhookRefusals> logger)
{
    /// <summary>A 401 for a webhook whose signature is not accepted.</summary>
    public WebhookRefusal Unauthenticated(string provider, string webhook, string reason, string detail)
    {
        IngressMetrics.WebhookRejected(webhook, reason);
        IngressLog.WebhookRejected(logger, provider, webhook, reason, detail);
        return WebhookRefusal.Unauthenticated(TypedResults.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Webhook signature not accepted",
            detail: detail,
            extensions: new Dictionary<string, object?> { ["reason"] = reason }));
    }

    /// <summary>
    /// A 4xx for a webhook that cannot be read as a message, kept with its raw request in Redis for inspection
    /// (<c>GET /v1/rejected-webhooks</c>) before the answer is written.
    /// </summary>
    public WebhookRefusal Refuse(string provider, string webhook, int status, string reason, IReadOnlyList<FieldError> errors)
    {
        IngressMetrics.WebhookRejected(webhook, reason);
        var detail = string.Join(" ", errors.Select(e => e.Message));
        IngressLog.WebhookRejected(logger, provider, webhook, reason, detail);
        var byField = errors.GroupBy(e => e.Field, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal);
        IResult answer = status == StatusCodes.Status400BadRequest
            ? TypedResults.ValidationProblem(byField, title: "Webhook payload not valid",
                detail: detail, extensions: new Dictionary<string, object?> { ["reason"] = reason })
            : TypedResults.Problem(statusCode: status, title: "Webhook request not accepted",
                detail: detail, extensions: new Dictionary<string, object?> { ["reason"] = reason });
        return WebhookRefusal.KeptForInspection(answer, webhook, status, reason, detail);
    }
}
