using Microsoft.Extensions.Options;
using Sms.Ingress.Telemetry;
using Sms.Ingress.Validation;
using Sms.Ingress.Vonage;

namespace Sms.Ingress.Http;

/// <summary>The parameters of an authentic webhook, or the answer that refuses it.</summary>
public sealed record WebhookAdmission(IReadOnlyDictionary<string, string>? Parameters, IResult? Refusal);

/// <summary>
/// What every Vonage webhook passes before it is read as a message: the request is readable, and its signature and
/// timestamp are accepted. Every refusal is logged and counted (<c>sms.ingress.webhooks.rejected</c>) and nothing is published.
/// </summary>
public sealed class VonageWebhookGate(IOptionsMonitor<VonageWebhookOptions> options, TimeProvider clock, ILogger<VonageWebhookGate> logger)
{
    public async Task<WebhookAdmission> AdmitAsync(HttpRequest request, string webhook, CancellationToken cancellationToken)
    {
        var read = await WebhookRequestReader.ReadAsync(request, cancellationToken);
        if (read.Parameters is null)
            return new WebhookAdmission(null, Refuse(webhook, read.FailureStatus, read.FailureReason!, read.Errors));

        var verdict = WebhookSignatureCheck.Check(read.Parameters, options.CurrentValue.ToPolicy(), clock.GetUtcNow());
        if (verdict == SignatureVerdict.AcceptedUnsigned)
            IngressLog.UnsignedWebhookAccepted(logger, webhook);

        if (verdict.IsAccepted())
            return new WebhookAdmission(read.Parameters, null);

        return new WebhookAdmission(null, Unauthenticated(webhook, verdict.Reason(), verdict.Describe()));
    }

    /// <summary>A 401 for a webhook whose signature is not accepted; logged and counted with its reason.</summary>
    public IResult Unauthenticated(string webhook, string reason, string detail)
    {
        IngressMetrics.WebhookRejected(webhook, reason);
        IngressLog.WebhookRejected(logger, webhook, reason, detail);
        return TypedResults.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Webhook signature not accepted",
            detail: detail,
            extensions: new Dictionary<string, object?> { ["reason"] = reason });
    }

    /// <summary>
    /// A 4xx for a webhook that cannot be read as a message; logged and counted with its reason, and kept with its raw
    /// request in Redis for inspection (<c>GET /v1/rejected-webhooks</c>) before the answer is written.
    /// </summary>
    public IResult Refuse(string webhook, int status, string reason, IReadOnlyList<FieldError> errors)
    {
        IngressMetrics.WebhookRejected(webhook, reason);
        var detail = string.Join(" ", errors.Select(e => e.Message));
        IngressLog.WebhookRejected(logger, webhook, reason, detail);
        var byField = errors.GroupBy(e => e.Field, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal);
        IResult answer = status == StatusCodes.Status400BadRequest
            ? TypedResults.ValidationProblem(byField, title: "Webhook payload not valid",
                detail: detail, extensions: new Dictionary<string, object?> { ["reason"] = reason })
            : TypedResults.Problem(statusCode: status, title: "Webhook request not accepted",
                detail: detail, extensions: new Dictionary<string, object?> { ["reason"] = reason });
        return new KeptForInspectionResult(answer, webhook, status, reason, detail);
    }
}
