using Microsoft.AspNetCore.Http.HttpResults;
using Sms.Ingress.Inbound;
using Sms.Ingress.Numbers;
using Sms.Ingress.Twilio;

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

    public static IEndpointRouteBuilder MapTwilioEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapMethods(InboundPath, [HttpMethods.Get, HttpMethods.Post], HandleInboundAsync).AllowAnonymous()
            .Produces<string>(StatusCodes.Status200OK, "text/xml").ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithTags("Twilio webhooks").WithName("TwilioInboundMessage");
        app.MapMethods(StatusPath, [HttpMethods.Get, HttpMethods.Post], HandleStatusAsync).AllowAnonymous()
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithTags("Twilio webhooks").WithName("TwilioStatusCallback");
        return app;
    }

    private static async Task<Results<ContentHttpResult, WebhookRefusal, ProblemHttpResult>> HandleInboundAsync(
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

    private static async Task<Results<NoContent, WebhookRefusal, ProblemHttpResult>> HandleStatusAsync(
        HttpContext context, TwilioWebhookGate gate, DeliveryReceiptHandler receipts, InboundNumbers numbers, TimeProvider clock)
    {
        const string webhook = "twilio-status";
        var admission = await gate.AdmitAsync(context.Request, webhook, context.RequestAborted);
        if (admission.Refusal is not null) return admission.Refusal;

        var parsed = TwilioParsers.ParseStatus(admission.Parameters!, clock.GetUtcNow(), numbers);
        if (!parsed.Succeeded) return gate.Refuse(webhook, StatusCodes.Status400BadRequest, "invalid_payload", parsed.Errors);

        return ReceiptAnswers.RetryLater(context, await receipts.HandleAsync(parsed.Value!, context.RequestAborted)) is { } retry
            ? retry
            : TypedResults.NoContent();
    }
}
