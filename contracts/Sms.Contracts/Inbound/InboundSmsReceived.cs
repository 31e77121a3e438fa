namespace Sms.Contracts.Inbound;

/// <summary>Event: a customer's SMS arrived at the ingress (signature checked, parts reassembled).</summary>
public sealed record InboundSmsReceived
{
    /// <summary>Our id, derived from the provider's message id so a redelivered webhook keeps the same id.</summary>
    public required Guid MessageId { get; init; }

    public required string Provider { get; init; }

    public required string ProviderMessageId { get; init; }

    /// <summary>The customer's number, E.164.</summary>
    public required string From { get; init; }

    /// <summary>Our number the customer wrote to, E.164 (or as the carrier gave it).</summary>
    public required string To { get; init; }

    public required string Text { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }
}
