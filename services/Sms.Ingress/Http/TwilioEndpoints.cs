using Sms.Contracts.Inbound;
using Sms.Ingress.Inbound;
using Sms.Ingress.Numbers;
using Sms.Ingress.Publishing;
using Sms.Ingress.Telemetry;
using Sms.Ingress.Twilio;
using Sms.ServiceDefaults.Telemetry;
using StackExchange.Redis;

namespace Sms.Ingress.Http;

/// <summary>
/// Twilio's webhooks, form POSTs (or GETs) signed with <c>X-Twilio-Signature</c>:
/// <c>/webhooks/twilio/inbound</c> → one <c>InboundSmsReceived</c> per <c>MessageSid</c> (the same Redis claims as
/// Vonage's), answered with empty TwiML (<c>&lt;Response/&gt;</c>, text/xml) once the broker confirmed;
/// <c>/webhooks/twilio/status</c> → <c>SmsDeliveryStatusChanged</c> once per message and status, answered 204.
/// 401 unsigned or wrongly signed (counted, nothing published); 400 unreadable (kept for inspection); 413/415;
/// 503 broker or Redis trouble.
/// </summary>
public static class TwilioEndpoints
{
    public const string InboundPath = "/webhooks/twilio/inbound";
    public const string StatusPath = "/webhooks/twilio/status";

    /// <summary>TwiML that tells Twilio to send no reply: the platform answers through its own sends.</summary>
    public const string EmptyTwiml = """<?xml version="1.0" encoding="UTF-8"?><Response/>""";

    /// <summary>Status callbacks are claimed under this provider name, apart from inbound message ids.</summary>
    private const string StatusClaims = "twilio-status";

    public static IEndpointRouteBuilder MapTwilioWebhooks(this IEndpointRouteBuilder app)
    {
        app.MapMethods(InboundPath, [HttpMethods.Get, HttpMethods.Post], HandleInboundAsync)
            .WithTags("Twilio webhooks").WithName("TwilioInboundMessage");
        app.MapMethods(StatusPath, [HttpMethods.Get, HttpMethods.Post], HandleStatusAsync)
            .WithTags("Twilio webhooks").WithName("TwilioStatusCallback");
        return app;
    }

    private static async Task<IResult> HandleInboundAsync(
        HttpContext context, TwilioWebhookGate gate, InboundSmsHandler handler, InboundNumbers numbers, TimeProvider clock)
    {
        const string webhook = "twilio-inbound";
        var admission = await gate.AdmitAsync(context.Request, webhook, context.RequestAborted);
        if (admission.Refusal is not null) return admission.Refusal;

        var parsed = TwilioParsers.ParseInbound(admission.Parameters!, clock.GetUtcNow(), numbers);
        if (!parsed.Succeeded) return gate.Refuse(webhook, StatusCodes.Status400BadRequest, "invalid_payload", parsed.Errors);

        return await handler.HandleAsync(parsed.Value!, context.RequestAborted) == InboundOutcome.RetryLater
            ? Problems.InboundNotAcceptedYet(context)
            : TypedResults.Text(EmptyTwiml, "text/xml", System.Text.Encoding.UTF8);
    }

    private static async Task<IResult> HandleStatusAsync(
        HttpContext context, TwilioWebhookGate gate, ProviderMessageClaims claims, EdgePublisher publisher, InboundNumbers numbers,
        TimeProvider clock, ILogger<TwilioWebhookGate> logger)
    {
        const string webhook = "twilio-status";
        var admission = await gate.AdmitAsync(context.Request, webhook, context.RequestAborted);
        if (admission.Refusal is not null) return admission.Refusal;

        var parsed = TwilioParsers.ParseStatus(admission.Parameters!, clock.GetUtcNow(), numbers);
        if (!parsed.Succeeded) return gate.Refuse(webhook, StatusCodes.Status400BadRequest, "invalid_payload", parsed.Errors);
        var receipt = parsed.Value!;
        var message = receipt.ToMessage();

        // Once per message and status: a callback Twilio sends again changes nothing downstream.
        ProviderMessageClaim? claim;
        try
        {
            (var outcome, claim) = await claims.TryClaimAsync(StatusClaims, $"{receipt.ProviderMessageId}:{receipt.RawStatus.ToLowerInvariant()}");
            if (outcome == ClaimOutcome.AlreadyPublished)
            {
                IngressLog.DuplicateStatusCallback(logger, receipt.ProviderMessageId, receipt.RawStatus);
                return TypedResults.NoContent();
            }
            if (outcome == ClaimOutcome.InProgress) return Problems.InboundNotAcceptedYet(context);
        }
        catch (Exception e) when (e is RedisException or RedisTimeoutException)
        {
            IngressMetrics.PublishFailure(nameof(SmsDeliveryStatusChanged), "redis_unavailable");
            IngressLog.RedisUnavailable(logger, e, receipt.ProviderMessageId);
            return Problems.InboundNotAcceptedYet(context);
        }

        if (!await publisher.TryPublishAsync(message, message.MessageId, context.RequestAborted))
        {
            await ForgetAsync(() => claims.ReleaseAsync(claim!), logger, receipt.ProviderMessageId);
            return Problems.BrokerUnavailable(context);
        }
        await ForgetAsync(() => claims.MarkPublishedAsync(claim!), logger, receipt.ProviderMessageId);

        if (!receipt.StatusRecognised)
            IngressLog.UnrecognisedDeliveryStatus(logger, receipt.Provider, receipt.ProviderMessageId, receipt.RawStatus);
        IngressLog.DeliveryReceiptPublished(logger, receipt.ProviderMessageId, message.MessageId, Redact.Phone(receipt.To),
            receipt.Status.ToString(), receipt.ErrorCode);
        return TypedResults.NoContent();
    }

    /// <summary>
    /// Updates a claim after the publish; when Redis does not answer, the claim lapses on its own and a repeat is
    /// published again under the same ids, which every consumer de-duplicates on.
    /// </summary>
    private static async Task ForgetAsync(Func<Task> update, ILogger logger, string providerMessageId)
    {
        try
        {
            await update();
        }
        catch (Exception e) when (e is RedisException or RedisTimeoutException)
        {
            IngressLog.PublishedNotRemembered(logger, e, providerMessageId);
        }
    }
}
