using System.Reflection;
using System.Text;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Sms.Ingress.Data;
using Sms.Ingress.Extensions;
using StackExchange.Redis;

namespace Sms.Ingress.Http;

/// <summary>
/// The answer that refuses a carrier webhook (<see cref="WebhookRefusals"/>): a 401 for one whose signature is not
/// accepted, which anyone can send and so is only counted; or a 400, 413 or 415 for one that cannot be read as a
/// message, which first keeps the raw request for inspection (<see cref="RejectedWebhookStore"/>). Keeping is best
/// effort: when Redis does not answer, the refusal goes out all the same and the failure is logged (without the
/// request's content). One type for every refusal, so each webhook's typed result lists what it answers.
/// </summary>
public sealed class WebhookRefusal : IResult, IEndpointMetadataProvider
{
    private readonly IResult answer;
    private readonly Kept? kept;

    private WebhookRefusal(IResult answer, int statusCode, Kept? kept)
    {
        this.answer = answer;
        StatusCode = statusCode;
        this.kept = kept;
    }

    /// <summary>The status the refusal answers with.</summary>
    public int StatusCode { get; }

    /// <summary>A 401: the signature was not accepted. Not kept.</summary>
    public static WebhookRefusal Unauthenticated(IResult answer) => new(answer, StatusCodes.Status401Unauthorized, null);

    /// <summary>A 4xx for a webhook that cannot be read as a message, kept for inspection before it is written.</summary>
    public static WebhookRefusal KeptForInspection(IResult answer, string webhook, int status, string reason, string detail) =>
        new(answer, status, new Kept(webhook, status, reason, detail));

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        if (kept is not null) await KeepAsync(httpContext, kept);
        await answer.ExecuteAsync(httpContext);
    }

    private static async Task KeepAsync(HttpContext httpContext, Kept kept)
    {
        var services = httpContext.RequestServices;
        var request = httpContext.Request;
        var body = WebhookRequestReader.RawBodyOf(httpContext);
        var rejected = new RejectedWebhook(
            services.GetRequiredService<TimeProvider>().GetUtcNow(),
            kept.Webhook,
            request.Path.Value ?? "",
            request.Method,
            request.ContentType,
            kept.Status,
            kept.Reason,
            kept.Detail,
            request.QueryString.Value ?? "",
            Encoding.UTF8.GetString(body.Bytes),
            body.Truncated);
        try
        {
            await services.GetRequiredService<RejectedWebhookStore>().KeepAsync(rejected);
        }
        catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException)
        {
            IngressLog.RejectedWebhookNotKept(services.GetRequiredService<ILogger<WebhookRefusal>>(), e, kept.Webhook, kept.Reason, kept.Status);
        }
    }

    /// <summary>Every refusal a webhook can answer, for the OpenAPI document.</summary>
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        string[] problem = ["application/problem+json"];
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status400BadRequest, typeof(HttpValidationProblemDetails), problem));
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status401Unauthorized, typeof(ProblemDetails), problem));
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status413PayloadTooLarge, typeof(ProblemDetails), problem));
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status415UnsupportedMediaType, typeof(ProblemDetails), problem));
    }

    private sealed record Kept(string Webhook, int Status, string Reason, string Detail);
}
