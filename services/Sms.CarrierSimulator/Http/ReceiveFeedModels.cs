namespace Sms.CarrierSimulator.Http;

/// <summary>One send request as the DEVELOPMENT CARRIER received it on <c>/sms/json</c>.</summary>
/// <param name="At">When it arrived, in microseconds since the Unix epoch.</param>
/// <param name="To">The recipient as sent (Vonage writes it without <c>+</c>).</param>
/// <param name="ClientRef">The sender's <c>client-ref</c> (the platform's message id), when it gave one.</param>
public sealed record ReceivedSend(long At, string? To, string? ClientRef);
