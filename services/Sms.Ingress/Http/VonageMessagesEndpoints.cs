using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;
using Sms.Ingress.Extensions;
using Sms.Ingress.Inbound;
using Sms.Ingress.Numbers;
using Sms.Ingress.Validation;
using Sms.Ingress.Vonage;
using Sms.ServiceDefaults.Validation;

namespace Sms.Ingress.Http;

/// <summary>
/// The Vonage Messages API v1 webhooks for SMS (wire reference §5), JSON POSTs signed with an
/// <c>Authorization: Bearer</c> JWT (HS256, account signature secret, <c>payload_hash</c> over the raw body):
/// <c>POST /webhooks/vonage/messages/inbound</c> → <c>InboundSmsReceived</c> (once per <c>message_uuid</c>, as for the
/// SMS API) and <c>POST /webhooks/vonage/messages/status</c> → <c>SmsDeliveryStatusChanged</c> (once per
/// <c>message_uuid</c> and status, <see cref="DeliveryReceiptHandler"/>).
/// 200 once the broker confirmed (or a duplicate); 401 unsigned, wrongly signed, another body, or older than the retry
/// window (<see cref="WebhookFreshness"/>); 400 unreadable; 413/415; 503 broker or Redis trouble (Vonage retries 429 and
/// 5xx for 24 hours). Vonage does not retry a 401, so the rare callback its docs say may arrive unsigned after an
/// internal error is refused and not sent again.
/// </summary>
public static class VonageMessagesEndpoints
{
    public const string InboundPath = "/webhooks/vonage/messages/inbound";
    public const string StatusPath = "/webhooks/vonage/messages/status";

    public static IEndpointRouteBuilder MapVonageMessagesEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost(InboundPath, HandleInboundAsync).AllowAnonymous().ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithTags("Vonage webhooks").WithName("VonageMessagesInbound");
        app.MapPost(StatusPath, HandleStatusAsync).AllowAnonymous().ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithTags("Vonage webhooks").WithName("VonageMessagesStatus");
        return app;
    }

    private static async Task<Results<Ok, WebhookRefusal, ProblemHttpResult>> HandleInboundAsync(
        HttpContext context, VonageWebhookGate gate, IOptionsMonitor<VonageWebhookOptions> options, InboundSmsHandler handler,
        InboundNumbers numbers, TimeProvider clock)
    {
        const string webhook = "messages-inbound";
        var (body, refusal) = await AdmitAsync(context, webhook, gate, options.CurrentValue, clock);
        if (refusal is not null) return refusal;

        var parsed = VonageMessagesParser.ParseInbound(body, clock.GetUtcNow(), numbers);
        if (!parsed.Succeeded) return gate.Refuse(webhook, StatusCodes.Status400BadRequest, "invalid_payload", parsed.Errors);

        return await handler.HandleAsync(parsed.Value!, context.RequestAborted) == InboundOutcome.RetryLater
            ? Problems.InboundNotAcceptedYet(context)
            : TypedResults.Ok();
    }

    private static async Task<Results<Ok, WebhookRefusal, ProblemHttpResult>> HandleStatusAsync(
        HttpContext context, VonageWebhookGate gate, IOptionsMonitor<VonageWebhookOptions> options, DeliveryReceiptHandler receipts,
        InboundNumbers numbers, TimeProvider clock)
    {
        const string webhook = "messages-status";
        var (body, refusal) = await AdmitAsync(context, webhook, gate, options.CurrentValue, clock);
        if (refusal is not null) return refusal;

        var parsed = VonageMessagesParser.ParseStatus(body, clock.GetUtcNow(), numbers);
        if (!parsed.Succeeded) return gate.Refuse(webhook, StatusCodes.Status400BadRequest, "invalid_payload", parsed.Errors);

        return ReceiptAnswers.RetryLater(context, await receipts.HandleAsync(parsed.Value!, context.RequestAborted)) is { } retry
            ? retry
            : TypedResults.Ok();
    }

    /// <summary>The raw body of a JSON request whose JWT is accepted, or the answer that refuses it.</summary>
    private static async Task<(byte[] Body, WebhookRefusal? Refusal)> AdmitAsync(
        HttpContext context, string webhook, VonageWebhookGate gate, VonageWebhookOptions options, TimeProvider clock)
    {
        var request = context.Request;
        var read = await WebhookRequestReader.ReadBodyAsync(request, context.RequestAborted);
        if (read.Bytes is not { } body) return ([], gate.Refuse(webhook, read.FailureStatus, read.FailureReason!, read.Errors));

        // The signature first, over the raw bytes, before anything reads the body as JSON.
        var verdict = MessagesWebhookJwt.Check(request.Headers.Authorization.ToString(), body, options.ToJwtPolicy(), clock.GetUtcNow());
        if (verdict == JwtVerdict.AcceptedUnsigned)
            IngressLog.UnsignedWebhookAccepted(context.RequestServices.GetRequiredService<ILogger<VonageWebhookGate>>(), webhook);
        if (verdict == JwtVerdict.ValidLateRetry) gate.LateRetryAccepted(webhook);
        if (!verdict.IsAccepted()) return ([], gate.Unauthenticated(webhook, verdict.Reason(), verdict.Describe()));

        var mediaType = MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType) ? contentType.MediaType.Value : null;
        if (mediaType is null || !(string.Equals(mediaType, "application/json", StringComparison.OrdinalIgnoreCase)
                                   || mediaType.EndsWith("+json", StringComparison.OrdinalIgnoreCase)))
        {
            return ([], gate.Refuse(webhook, StatusCodes.Status415UnsupportedMediaType, "unsupported_media_type",
                [new FieldError(WebhookParameters.RequestField, $"Content type '{request.ContentType}' is not supported: send application/json.")]));
        }
        // Signed as sent; read with U+FFFD for bytes that are not UTF-8, so the message is kept rather than refused.
        return (Utf8Body.Repaired(body), null);
    }
}
