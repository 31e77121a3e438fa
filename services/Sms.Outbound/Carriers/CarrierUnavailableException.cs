using Sms.ServiceDefaults.Messaging;

namespace Sms.Outbound.Carriers;

/// <summary>
/// The carrier could not take the message now but nothing was sent (throttled, outage, no connection, circuit open).
/// Thrown by the consumer so the bus's retry waits the outage out (<c>UseSmsMessageRetry</c>): the message stays on
/// its queue and is sent once the carrier takes messages again.
/// </summary>
public sealed class CarrierUnavailableException(string provider, CarrierError error)
    : DependencyUnavailableException($"{provider} unavailable ({error.Code ?? "no status"}): {error.Reason}")
{
    public string Provider { get; } = provider;

    public CarrierError Error { get; } = error;
}
