using Sms.CarrierSimulator.Extensions;
using Sms.ServiceDefaults.Telemetry;

namespace Sms.CarrierSimulator.State;

/// <summary>How an injected fault ended the exchange before the carrier API answered.</summary>
/// <param name="Dropped">The connection was dropped without an answer.</param>
/// <param name="HttpStatus">Otherwise the bare HTTP status to answer.</param>
public sealed record TransportFaultEnd(bool Dropped, int HttpStatus);

/// <summary>
/// The part of an injected fault that is the same for every carrier API: wait if the fault says so, then drop the
/// connection or answer its HTTP status. What is left (a carrier status) each API answers in its own words.
/// </summary>
public static class TransportFaults
{
    /// <summary>How the exchange ends (dropped connection, HTTP status), or null when the API answers next.</summary>
    public static async Task<TransportFaultEnd?> ApplyAsync(
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
            return new TransportFaultEnd(Dropped: true, HttpStatus: 0);
        }
        if (fault.HttpStatus is { } httpStatus)
        {
            SimulatorLog.FaultHttpStatus(logger, to, httpStatus);
            return new TransportFaultEnd(Dropped: false, httpStatus);
        }
        return null;
    }
}
