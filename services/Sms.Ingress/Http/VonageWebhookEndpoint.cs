using Sms.Ingress.Numbers;
using Sms.Ingress.Publishing;
using Sms.Ingress.Validation;

namespace Sms.Ingress.Http;

/// <summary>
/// The shape every Vonage webhook endpoint has: <c>GET</c> and <c>POST</c> on one path; the gate reads the request and
/// checks its signature (401, 400, 413, 415); the webhook's parser reads the parameters (400 with every error); the
/// message is published, and 204 answers only once the broker confirmed it (503 otherwise, so Vonage retries).
/// </summary>
internal static class VonageWebhookEndpoint
{
    /// <param name="app">Where to map it.</param>
    /// <param name="path">The webhook's path.</param>
    /// <param name="webhook">Its name in logs and metrics (<c>inbound</c>, <c>delivery-receipt</c>).</param>
    /// <param name="logCategory">The logger category of its log lines.</param>
    /// <param name="parse">The webhook's parser: the parameters, the time now and the number rules in, the webhook or every error out.</param>
    /// <param name="toMessage">The message to publish.</param>
    /// <param name="messageId">The message's id, for the logs of a failed publish.</param>
    /// <param name="published">Logs the webhook once its message is published.</param>
    public static RouteHandlerBuilder MapVonageWebhook<TWebhook, TMessage>(
        this IEndpointRouteBuilder app,
        string path,
        string webhook,
        Type logCategory,
        Func<IReadOnlyDictionary<string, string>, DateTimeOffset, InboundNumbers, Parsed<TWebhook>> parse,
        Func<TWebhook, TMessage> toMessage,
        Func<TMessage, Guid?> messageId,
        Action<ILogger, TWebhook, TMessage> published)
        where TWebhook : class
        where TMessage : class
    {
        return app.MapMethods(path, [HttpMethods.Get, HttpMethods.Post], HandleAsync)
            .WithTags("Vonage webhooks");

        async Task<IResult> HandleAsync(
            HttpContext context, VonageWebhookGate gate, EdgePublisher publisher, InboundNumbers numbers, TimeProvider clock, ILoggerFactory loggers)
        {
            var cancellationToken = context.RequestAborted;
            var admission = await gate.AdmitAsync(context.Request, webhook, cancellationToken);
            if (admission.Refusal is not null) return admission.Refusal;

            var parsed = parse(admission.Parameters!, clock.GetUtcNow(), numbers);
            if (!parsed.Succeeded)
                return gate.Refuse(webhook, StatusCodes.Status400BadRequest, "invalid_payload", parsed.Errors);

            var message = toMessage(parsed.Value!);
            if (!await publisher.TryPublishAsync(message, messageId(message), cancellationToken))
                return Problems.BrokerUnavailable(context);

            published(loggers.CreateLogger(logCategory), parsed.Value!, message);
            return TypedResults.NoContent();
        }
    }
}
