using System.Text.Json;
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

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IEndpointRouteBuilder MapMessagesEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapPost(Path, SendAsync)
            .RequireApiKey()
            .WithName("SendSms")
            .WithTags("Messages");
        return app;
    }

    private static async Task<IResult> SendAsync(
        HttpContext context, EdgePublisher publisher, InboundNumbers numbers, TimeProvider clock, ILoggerFactory loggers)
    {
        var cancellationToken = context.RequestAborted;
        var logger = loggers.CreateLogger(typeof(MessagesEndpoints));

        // The body is read here rather than bound, so that a body that is not JSON (or not the right shape) is a
        // 400 that says where, instead of a bare binding failure; one too large a 413, one cut short a 400.
        var read = await WebhookRequestReader.ReadBodyAsync(context.Request, SendSmsRequestValidator.MaxBodyBytes, cancellationToken);
        if (read.Bytes is not { } body)
        {
            IngressLog.SendRefused(logger, read.FailureReason!);
            return TypedResults.Problem(statusCode: read.FailureStatus, title: "Request body not accepted", detail: read.FailureDetail);
        }

        SendSmsRequest? request;
        try
        {
            request = JsonSerializer.Deserialize<SendSmsRequest>(body, Json);
        }
        catch (JsonException e)
        {
            var field = string.IsNullOrEmpty(e.Path) || e.Path == "$" ? "request" : e.Path.TrimStart('$', '.');
            IngressLog.SendRefused(logger, field);
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { [field] = [JsonProblem(e)] },
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

    /// <summary>Where the JSON went wrong, without echoing the caller's data.</summary>
    private static string JsonProblem(JsonException e) =>
        // The reader refuses an escaped half of a surrogate pair ("\ud800") when it makes the string.
        e.InnerException is InvalidOperationException { Message: var message } && message.Contains("surrogate", StringComparison.OrdinalIgnoreCase)
            ? "Contains an unpaired surrogate (an escaped \\uD800–\\uDFFF without its other half): not valid Unicode, so it can be neither stored nor sent."
            : e.LineNumber is { } line
            ? $"Not valid JSON for this field, or not JSON at all (line {line + 1}, position {e.BytePositionInLine + 1})."
            : "The body is not valid JSON.";
}
