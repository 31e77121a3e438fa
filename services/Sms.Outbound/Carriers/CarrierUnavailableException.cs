namespace Sms.Outbound.Carriers;

/// <summary>
/// The carrier could not take the message now but nothing was sent (throttled, outage, no connection). Thrown by the
/// consumer so the bus's retry sends it again; after the last retry the message rests in the <c>_error</c> queue,
/// from where it can be moved back once the carrier answers.
/// </summary>
public sealed class CarrierUnavailableException(string provider, CarrierError error)
    : Exception($"{provider} unavailable ({error.Code ?? "no status"}): {error.Reason}")
{
    public string Provider { get; } = provider;

    public CarrierError Error { get; } = error;
}
