using Microsoft.AspNetCore.Http.HttpResults;
using Sms.CarrierSimulator.SmsApi;

namespace Sms.CarrierSimulator.Http;

/// <summary>
/// <c>POST /sms/json</c>: the Vonage SMS API send, answered as Vonage would (always HTTP 200 unless an injected fault
/// says otherwise). The rules live in <see cref="SmsApiHandler"/>.
/// </summary>
public static class SmsApiEndpoints
{
    public const string SendPath = "/sms/json";

    public static WebApplication MapSmsApiEndpoints(this WebApplication app)
    {
        app.MapPost(SendPath, SendAsync);
        return app;
    }

    private static Task<Results<Ok<SmsApiResponse>, StatusCodeHttpResult, EmptyHttpResult>> SendAsync(
        HttpRequest http, SmsApiHandler handler, CancellationToken cancellationToken) =>
        handler.HandleAsync(http, cancellationToken);
}
