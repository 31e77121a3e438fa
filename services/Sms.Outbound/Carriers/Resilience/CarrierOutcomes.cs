namespace Sms.Outbound.Carriers.Resilience;

/// <summary>Which outcomes of a carrier call are retried and which count against the carrier's health. Pure.</summary>
public static class CarrierOutcomes
{
    /// <summary>
    /// Retried in the consumer: a refusal that certainly sent nothing and may succeed later (Vonage status 1, 5 and
    /// 10, HTTP 429 and 5xx other than 504, no connection). Never an unknown outcome: the SMS API has no idempotency
    /// key, so a request that may have reached the carrier is not sent again.
    /// </summary>
    public static bool ShouldRetry(CarrierSendResult result) => result is CarrierSendResult.Failed { Error.Retryable: true };

    /// <summary>
    /// Counted as a carrier failure by the circuit breaker: an outage (5xx, status 5 or 10, no connection) or no
    /// usable answer (timeout, dropped connection). Throttling is not: the carrier is up, we are only too fast, and the
    /// retry's backoff handles it. A permanent refusal says the request was wrong, not the carrier.
    /// </summary>
    public static bool IsCarrierFailure(CarrierSendResult result) => result switch
    {
        CarrierSendResult.Failed { Error: { Retryable: true, Throttled: false } } => true,
        CarrierSendResult.OutcomeUnknown => true,
        _ => false,
    };
}
