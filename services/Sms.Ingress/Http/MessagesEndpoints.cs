using Microsoft.AspNetCore.Http.HttpResults;
using Sms.Contracts.Outbound;
using Sms.Ingress.Extensions;
using Sms.Ingress.Numbers;
using Sms.Ingress.Publishing;
using Sms.ServiceDefaults.Security;
using Sms.ServiceDefaults.Telemetry;

namespace Sms.Ingress.Http;

/// <summary>
/// <c>POST /v1/messages</c>: upstream systems ask for an SMS → <c>SendSms</c> (Origin Upstream).
/// 202 <c>{"messageId": …}</c> once the broker confirmed it; 400 with every error; 401 without an API key; 503 broker trouble.
/// </summary>
public static class MessagesEndpoints
{
    public const string Path = "/v1/messages";

    public static IEndpointRouteBuilder MapMessagesEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost(Path, SendAsync)
            .RequireScope(ApiScopes.Send)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithName("SendSms")
            .WithTags("Messages");
        return app;
    }

    private static async Task<Results<Accepted<SendSmsAccepted>, ValidationProblem, ProblemHttpResult>> SendAsync(
        HttpContext context, EdgePublisher publisher, InboundNumbers numbers, TimeProvider clock, ILoggerFactory loggers)
    {
        var cancellationToken = context.RequestAborted;
        var logger = loggers.CreateLogger(typeof(MessagesEndpoints));

        // The body is read here rather than bound (SendSmsRequestValidator.TryRead): one too large a 413, one cut short a 400.
        var read = await WebhookRequestReader.ReadBodyAsync(context.Request, SendSmsRequestValidator.MaxBodyBytes, cancellationToken);
        if (read.Bytes is not { } body)
        {
            IngressLog.SendRefused(logger, read.FailureReason!);
            return TypedResults.Problem(statusCode: read.FailureStatus, title: "Request body not accepted", detail: read.FailureDetail);
        }

        if (!SendSmsRequestValidator.TryRead(body, out var request, out var jsonError))
        {
            IngressLog.SendRefused(logger, jsonError.Field);
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { [jsonError.Field] = [jsonError.Message] },
                title: "Request body not valid",
                detail: "The body must be a JSON object as documented for POST /v1/messages.");
        }

        var validated = SendSmsRequestValidator.Validate(request, Guid.CreateVersion7, clock.GetUtcNow(), numbers);
        if (!validated.Succeeded)
        {
            IngressLog.SendRefused(logger, string.Join(", ", validated.Errors.Select(e => e.Field).Distinct()));
            return TypedResults.ValidationProblem(validated.ErrorsByField(), title: "Request not valid",
                detail: "See 'errors' for every field to correct.");
        }

        var send = validated.Value!;
        if (!await publisher.TryPublishAsync(send, send.MessageId, cancellationToken))
            return Problems.BrokerUnavailable(context);

        IngressLog.SendAccepted(logger, send.MessageId, Redact.Phone(send.To), send.Category.ToString(), send.Prompt is not null);
        return TypedResults.Accepted((string?)null, new SendSmsAccepted(send.MessageId));
    }
}
