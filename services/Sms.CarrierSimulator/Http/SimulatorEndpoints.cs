using System.Text.Json;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Sms.CarrierSimulator.State;
using Sms.CarrierSimulator.Webhooks;
using Sms.ServiceDefaults.Telemetry;

namespace Sms.CarrierSimulator.Http;

/// <summary>The DEVELOPMENT CARRIER's HTTP surface: the Vonage send endpoint plus inspection, faults and customer simulation.</summary>
public static class SimulatorEndpoints
{
    public const string Banner =
        "Sms.CarrierSimulator: DEVELOPMENT CARRIER. It fakes the Vonage SMS API (POST /sms/json) and Twilio's Messages API " +
        "(POST /2010-04-01/Accounts/{sid}/Messages.json) for local runs and tests " +
        "and never delivers a real SMS. Do not point production traffic at it.\n" +
        "Test endpoints: GET|DELETE /simulator/messages[?to=], POST|GET|DELETE /simulator/faults, POST /simulator/inbound.\n";

    public static WebApplication MapSimulatorEndpoints(this WebApplication app)
    {
        app.MapGet("/", () => Results.Text(Banner, "text/plain; charset=utf-8"));

        app.MapPost("/sms/json", (HttpRequest http, SmsApiHandler handler, CancellationToken ct) => handler.HandleAsync(http, ct));
        app.MapPost("/2010-04-01/Accounts/{accountSid}/Messages.json",
            (string accountSid, HttpRequest http, Twilio.TwilioApiHandler handler, CancellationToken ct) => handler.HandleAsync(accountSid, http, ct));

        var simulator = app.MapGroup("/simulator");

        simulator.MapGet("/messages", (string? to, SentMessageStore store) => Results.Ok(store.List(to)));
        simulator.MapDelete("/messages", (SentMessageStore store) =>
        {
            store.Clear();
            return Results.NoContent();
        });

        simulator.MapPost("/faults", async (HttpRequest http, FaultBook faults, ILoggerFactory logs, CancellationToken ct) =>
        {
            var (request, problem) = await ReadJsonAsync<FaultRequest>(http, ct);
            if (problem is not null) return problem;
            var fault = FaultRules.Parse(request!, out var errors);
            if (fault is null) return Results.ValidationProblem(errors, title: "The fault is not valid.");
            faults.Set(fault);
            SimulatorLog.FaultSet(logs.CreateLogger(typeof(SimulatorEndpoints)), Redact.Phone(fault.To), fault.Status, fault.HttpStatus,
                fault.DelayMilliseconds, fault.Drop, fault.Times);
            return Results.Ok(fault);
        });
        simulator.MapGet("/faults", (FaultBook faults) => Results.Ok(faults.List()));
        simulator.MapDelete("/faults", (FaultBook faults) =>
        {
            faults.Clear();
            return Results.NoContent();
        });

        simulator.MapPost("/inbound", async (HttpRequest http, InboundSimulator inbound, CancellationToken ct) =>
        {
            var (request, problem) = await ReadJsonAsync<InboundSimulationRequest>(http, ct);
            return problem ?? await inbound.HandleAsync(request!, ct);
        });

        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Sms.CarrierSimulator");
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses;
            SimulatorLog.DevelopmentCarrierStarted(logger, addresses is { Count: > 0 } ? string.Join(", ", addresses) : "(in-process test server)");
        });
        return app;
    }

    /// <summary>The JSON body, or a 400/415 problem that says what is wrong with it.</summary>
    private static async Task<(T? Value, IResult? Problem)> ReadJsonAsync<T>(HttpRequest http, CancellationToken cancellationToken)
        where T : class
    {
        if (!http.HasJsonContentType())
            return (null, Results.Problem(title: "Send a JSON body (Content-Type: application/json).", statusCode: StatusCodes.Status415UnsupportedMediaType));
        try
        {
            var value = await http.ReadFromJsonAsync<T>(cancellationToken);
            return value is null
                ? (null, Results.Problem(title: "The JSON body is empty.", statusCode: StatusCodes.Status400BadRequest))
                : (value, null);
        }
        catch (JsonException e)
        {
            return (null, Results.Problem(title: "The body is not valid JSON for this endpoint.", detail: e.Message, statusCode: StatusCodes.Status400BadRequest));
        }
    }
}
