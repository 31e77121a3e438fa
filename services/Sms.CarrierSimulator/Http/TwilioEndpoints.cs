using Microsoft.AspNetCore.Http.HttpResults;
using Sms.CarrierSimulator.Twilio;

namespace Sms.CarrierSimulator.Http;

/// <summary>
/// <c>POST /2010-04-01/Accounts/{sid}/Messages.json</c>: Twilio's send, answered as Twilio would (201 with the
/// message, or Twilio's error JSON). The rules live in <see cref="TwilioApiHandler"/>.
/// </summary>
public static class TwilioEndpoints
{
    public static WebApplication MapTwilioEndpoints(this WebApplication app)
    {
        app.MapPost("/2010-04-01/Accounts/{accountSid}/Messages.json", SendAsync);
        return app;
    }

    private static Task<Results<Created<object>, JsonHttpResult<object>, StatusCodeHttpResult, EmptyHttpResult>> SendAsync(
        string accountSid, HttpRequest http, TwilioApiHandler handler, CancellationToken cancellationToken) =>
        handler.HandleAsync(accountSid, http, cancellationToken);
}
