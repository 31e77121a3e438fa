namespace Sms.CarrierSimulator.Http;

// The request bodies of these endpoints stay beside the pure rules that check them (FaultRequest in State/FaultRules.cs,
// InboundSimulationRequest in Webhooks/InboundWebhook.cs): a body that is not valid JSON for them is answered with the
// serializer's message, which names the type, so moving them would change that answer.

/// <summary>What <c>POST /simulator/inbound</c> answers when the webhook receiver answered (whatever its status).</summary>
/// <param name="Status">The HTTP status the receiver (the platform's Ingress) answered.</param>
/// <param name="MessageId">The id the simulated message carried.</param>
public sealed record InboundResult(int Status, string MessageId);
