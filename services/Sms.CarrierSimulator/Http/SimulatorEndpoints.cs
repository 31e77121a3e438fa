using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Sms.CarrierSimulator.Twilio;
using Sms.CarrierSimulator.Extensions;
using Sms.CarrierSimulator.State;
using Sms.CarrierSimulator.Webhooks;
using Sms.ServiceDefaults.Telemetry;

namespace Sms.CarrierSimulator.Http;

/// <summary>
/// The DEVELOPMENT CARRIER's own surface: the banner that says what it is, and the test endpoints under
/// <c>/simulator</c> (inspect accepted sends, inject faults, play a customer texting in).
/// </summary>
public static class SimulatorEndpoints
{
    public const string Banner =
        "Sms.CarrierSimulator: DEVELOPMENT CARRIER. It fakes the Vonage SMS API (POST /sms/json) and Twilio's Messages API " +
        "(POST /2010-04-01/Accounts/{sid}/Messages.json) for local runs and tests " +
        "and never delivers a real SMS. Do not point production traffic at it.\n" +
        "Test endpoints: GET|DELETE /simulator/messages[?to=], POST|GET|DELETE /simulator/faults, POST /simulator/inbound " +
        "(with \"media\": an MMS whose media it serves: Twilio's behind the account's Basic auth, Vonage's at a public URL).\n";

    public static WebApplication MapSimulatorEndpoints(this WebApplication app)
    {
        app.MapGet("/", () => TypedResults.Text(Banner, "text/plain; charset=utf-8"));

        var simulator = app.MapGroup("/simulator");
        simulator.MapGet("/messages", (string? to, SentMessageStore store) => TypedResults.Ok(store.List(to)));
        simulator.MapDelete("/messages", ClearMessages);
        simulator.MapPost("/faults", SetFaultAsync);
        simulator.MapGet("/faults", (FaultBook faults) => TypedResults.Ok(faults.List()));
        simulator.MapDelete("/faults", ClearFaults);
        simulator.MapPost("/inbound", SimulateInboundAsync);
        app.MapGet("/2010-04-01/Accounts/{accountSid}/Messages/{messageSid}/Media/{mediaSid}",
            (string accountSid, string mediaSid, HttpRequest http, MediaStore media, IOptions<SimulatorOptions> options) => TwilioMedia(accountSid, mediaSid, http, media, options));
        app.MapGet("/v3/media/{mediaId}", (string mediaId, MediaStore media) => VonageMedia(mediaId, media));
        return app;
    }

    private static NoContent ClearMessages(SentMessageStore store)
    {
        store.Clear();
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<Fault>, ProblemHttpResult, ValidationProblem>> SetFaultAsync(
        HttpRequest http, FaultBook faults, ILoggerFactory logs, CancellationToken cancellationToken)
    {
        var (request, problem) = await JsonBody.ReadAsync<FaultRequest>(http, cancellationToken);
        if (problem is not null) return problem;
        var fault = FaultRules.Parse(request!, out var errors);
        if (fault is null) return TypedResults.ValidationProblem(errors, title: "The fault is not valid.");
        faults.Set(fault);
        SimulatorLog.FaultSet(logs.CreateLogger(typeof(SimulatorEndpoints)), Redact.Phone(fault.To), fault.Status, fault.HttpStatus,
            fault.DelayMilliseconds, fault.Drop, fault.Times);
        return TypedResults.Ok(fault);
    }

    private static NoContent ClearFaults(FaultBook faults)
    {
        faults.Clear();
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<InboundResult>, ValidationProblem, ProblemHttpResult>> SimulateInboundAsync(
        HttpRequest http, InboundSimulator inbound, CancellationToken cancellationToken)
    {
        var (request, problem) = await JsonBody.ReadAsync<InboundSimulationRequest>(http, cancellationToken);
        return problem is not null ? problem : await inbound.HandleAsync(request!, new Uri($"{http.Scheme}://{http.Host}"), cancellationToken);
    }

    /// <summary>A simulated MMS's media as Twilio serves it: only with Basic auth for the account.</summary>
    private static IResult TwilioMedia(string accountSid, string mediaSid, HttpRequest http, MediaStore media, IOptions<SimulatorOptions> options)
    {
        if (!TwilioSubmissionRules.Authenticated(http.Headers.Authorization.FirstOrDefault(), options.Value.Twilio)
            || !string.Equals(accountSid, options.Value.Twilio.AccountSid, StringComparison.Ordinal))
            return TypedResults.Unauthorized();
        return media.Find(mediaSid) is { Provider: SentMessage.Twilio } found ? TypedResults.File(found.Content, found.ContentType) : TypedResults.NotFound();
    }

    /// <summary>A simulated MMS's media as the Messages API serves it: public, at an unguessable URL.</summary>
    private static IResult VonageMedia(string mediaId, MediaStore media) =>
        media.Find(mediaId) is { Provider: SentMessage.Vonage } found ? TypedResults.File(found.Content, found.ContentType) : TypedResults.NotFound();
}
