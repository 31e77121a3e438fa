using Microsoft.AspNetCore.Http.HttpResults;
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
        "Test endpoints: GET|DELETE /simulator/messages[?to=], POST|GET|DELETE /simulator/faults, POST /simulator/inbound.\n";

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
        return problem is not null ? problem : await inbound.HandleAsync(request!, cancellationToken);
    }
}
