using Sms.ServiceDefaults.Telemetry;

namespace Sms.CarrierSimulator.State;

/// <summary>
/// The part of an injected fault that is the same for every carrier API: wait if the fault says so, then drop the
/// connection or answer its HTTP status. What is left (a carrier status) each API answers in its own words.
/// </summary>
internal static class TransportFaults
{
    /// <summary>The answer that ends the exchange (dropped connection, HTTP status), or null when the API answers next.</summary>
    public static async Task<IResult?> ApplyAsync(
        Fault fault, string recipient, HttpRequest http, TimeProvider clock, ILogger logger, CancellationToken cancellationToken)
    {
        var to = Redact.Phone(recipient);
        if (fault.DelayMilliseconds is { } delay)
        {
            SimulatorLog.FaultDelayed(logger, to, delay);
            await Task.Delay(TimeSpan.FromMilliseconds(delay), clock, cancellationToken);
        }
        if (fault.Drop)
        {
            SimulatorLog.FaultDropped(logger, to);
            http.HttpContext.Abort();
            return Results.Empty;
        }
        if (fault.HttpStatus is { } httpStatus)
        {
            SimulatorLog.FaultHttpStatus(logger, to, httpStatus);
            return Results.StatusCode(httpStatus);
        }
        return null;
    }
}
