using Microsoft.Extensions.Options;
using Sms.Ingress.Extensions;
using Sms.Ingress.Validation;
using Sms.Ingress.Vonage;
using Sms.ServiceDefaults.Validation;

namespace Sms.Ingress.Http;

/// <summary>The parameters of an authentic webhook, or the answer that refuses it.</summary>
public sealed record WebhookAdmission(IReadOnlyDictionary<string, string>? Parameters, WebhookRefusal? Refusal);

/// <summary>
/// What every Vonage webhook passes before it is read as a message: the request is readable, and its signature and
/// timestamp are accepted. Every refusal is logged and counted (<see cref="WebhookRefusals"/>) and nothing is published.
/// </summary>
public sealed class VonageWebhookGate(
    IOptionsMonitor<VonageWebhookOptions> options, WebhookRefusals refusals, TimeProvider clock, ILogger<VonageWebhookGate> logger)
{
    private const string Provider = "Vonage";

    public async Task<WebhookAdmission> AdmitAsync(HttpRequest request, string webhook, CancellationToken cancellationToken)
    {
        var read = await WebhookRequestReader.ReadAsync(request, cancellationToken);
        if (read.Parameters is null)
            return new WebhookAdmission(null, Refuse(webhook, read.FailureStatus, read.FailureReason!, read.Errors));

        var verdict = WebhookSignatureCheck.Check(read.Parameters, options.CurrentValue.ToPolicy(), clock.GetUtcNow());
        if (verdict == SignatureVerdict.AcceptedUnsigned)
            IngressLog.UnsignedWebhookAccepted(logger, webhook);
        if (verdict == SignatureVerdict.ValidLateRetry)
            LateRetryAccepted(webhook);

        if (verdict.IsAccepted())
            return new WebhookAdmission(WebhookFields.Storable(read.Parameters, "text"), null);

        return new WebhookAdmission(null, Unauthenticated(webhook, verdict.Reason(), verdict.Describe()));
    }

    /// <summary>
    /// Counts and logs a correctly signed webhook whose signed time is past the tolerance but within Vonage's retry
    /// window (<see cref="WebhookFreshness"/>): accepted as a late retry.
    /// </summary>
    public void LateRetryAccepted(string webhook)
    {
        IngressMetrics.LateRetryAccepted(webhook);
        IngressLog.LateRetryAccepted(logger, webhook);
    }

    /// <summary>A 401 for a webhook whose signature is not accepted; logged and counted with its reason.</summary>
    public WebhookRefusal Unauthenticated(string webhook, string reason, string detail) =>
        refusals.Unauthenticated(Provider, webhook, reason, detail);

    /// <summary>A 4xx for a webhook that cannot be read as a message (<see cref="WebhookRefusals.Refuse"/>).</summary>
    public WebhookRefusal Refuse(string webhook, int status, string reason, IReadOnlyList<FieldError> errors) =>
        refusals.Refuse(Provider, webhook, status, reason, errors);
}
