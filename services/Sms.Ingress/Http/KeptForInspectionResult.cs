using System.Text;
using Sms.Ingress.Data;
using Sms.Ingress.Extensions;
using StackExchange.Redis;

namespace Sms.Ingress.Http;

/// <summary>
/// The answer to a webhook refused as malformed, which first keeps the raw request for inspection
/// (<see cref="RejectedWebhookStore"/>). Best effort: when Redis does not answer, the refusal goes out all the same
/// and the failure is logged (without the request's content).
/// </summary>
public sealed class KeptForInspectionResult(IResult inner, string webhook, int status, string reason, string detail) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var services = httpContext.RequestServices;
        var request = httpContext.Request;
        var body = WebhookRequestReader.RawBodyOf(httpContext);
        var rejected = new RejectedWebhook(
            services.GetRequiredService<TimeProvider>().GetUtcNow(),
            webhook,
            request.Path.Value ?? "",
            request.Method,
            request.ContentType,
            status,
            reason,
            detail,
            request.QueryString.Value ?? "",
            Encoding.UTF8.GetString(body.Bytes),
            body.Truncated);
        try
        {
            await services.GetRequiredService<RejectedWebhookStore>().KeepAsync(rejected);
        }
        catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException)
        {
            IngressLog.RejectedWebhookNotKept(services.GetRequiredService<ILogger<KeptForInspectionResult>>(), e, webhook, reason, status);
        }
        await inner.ExecuteAsync(httpContext);
    }
}
