using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Sms.Carriers.Twilio;
using Sms.Ingress.Extensions;
using Sms.Ingress.Twilio;
using Sms.Ingress.Validation;
using Sms.Ingress.Vonage;
using Sms.ServiceDefaults.Validation;

namespace Sms.Ingress.Http;

/// <summary>
/// What every Twilio webhook passes before it is read as a message: a GET, or a POST with a form body, whose
/// <c>X-Twilio-Signature</c> matches the public URL (<see cref="TwilioWebhookOptions.PublicBaseUrl"/> + path + query)
/// and the form parameters. Refusals are logged and counted (<see cref="WebhookRefusals"/>); nothing is published.
/// </summary>
public sealed class TwilioWebhookGate(
    IOptionsMonitor<TwilioWebhookOptions> options, WebhookRefusals refusals, ILogger<TwilioWebhookGate> logger)
{
    public const string Provider = "Twilio";

    /// <summary>The query and form parameters merged, or the answer that refuses the request.</summary>
    public async Task<WebhookAdmission> AdmitAsync(HttpRequest request, string webhook, CancellationToken cancellationToken)
    {
        var read = await WebhookRequestReader.ReadBodyAsync(request, cancellationToken);
        if (read.Bytes is not { } body) return Refused(Refuse(webhook, read.FailureStatus, read.FailureReason!, read.Errors));

        List<KeyValuePair<string, string>> form = [];
        if (body.Length > 0)
        {
            var mediaType = MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType) ? contentType.MediaType.Value : null;
            if (!string.Equals(mediaType, "application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase))
            {
                return Refused(Refuse(webhook, StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type",
                    [new FieldError(WebhookParameters.RequestField,
                        $"Content type '{request.ContentType}' is not supported: Twilio sends application/x-www-form-urlencoded.")]));
            }
            form = [.. WebhookParameters.Flatten(WebhookRequestReader.ReadForm(body))];
        }

        // The signature first: nothing about an unauthenticated request is worth reading further.
        var verdict = TwilioSignatureCheck.Check(
            request.Headers[TwilioSignature.HeaderName].ToString(), (request.PathBase + request.Path).Value + request.QueryString.Value, form,
            options.CurrentValue.ToPolicy());
        if (!verdict.IsAccepted())
            return Refused(refusals.Unauthenticated(Provider, webhook, verdict.Reason(), verdict.Describe()));
        if (verdict == TwilioSignatureVerdict.AcceptedUnsigned)
            IngressLog.UnsignedTwilioWebhookAccepted(logger, webhook);

        var merged = WebhookParameters.Merge(WebhookParameters.Flatten(request.Query), form);
        return merged.Succeeded
            ? new WebhookAdmission(WebhookFields.Storable(merged.Value!, "Body"), null)
            : Refused(Refuse(webhook, StatusCodes.Status400BadRequest, "invalid_payload", merged.Errors));
    }

    /// <summary>A 4xx for a webhook that cannot be read, kept for inspection.</summary>
    public WebhookRefusal Refuse(string webhook, int status, string reason, IReadOnlyList<FieldError> errors) =>
        refusals.Refuse(Provider, webhook, status, reason, errors);

    private static WebhookAdmission Refused(WebhookRefusal answer) => new(null, answer);
}
