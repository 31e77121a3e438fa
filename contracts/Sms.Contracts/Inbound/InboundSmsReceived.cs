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

    /// <summary>
    /// True when this is a concatenated message whose parts did not all arrive in time: <see cref="Text"/> joins the
    /// parts that did (in part order) and <see cref="PartCount"/> is less than <see cref="ExpectedPartCount"/>.
    /// </summary>
    public bool Incomplete { get; init; }

    /// <summary>How many SMS parts <see cref="Text"/> joins: 1 for a single SMS.</summary>
    public int PartCount { get; init; } = 1;

    /// <summary>For a concatenated message, the number of parts the carrier announced (<c>concat-total</c>); null for a single SMS.</summary>
    public int? ExpectedPartCount { get; init; }

    /// <summary>
    /// For a concatenated message, the provider's id of each part joined, in part order (then
    /// <see cref="ProviderMessageId"/> is <c>concat:</c> followed by these ids, comma-separated); empty for a single SMS.
    /// </summary>
    public IReadOnlyList<string> ProviderPartIds { get; init; } = [];

    /// <summary>
    /// The pictures and files the message carries (an MMS), in the carrier's order; null for a plain SMS and from
    /// senders that predate media. <see cref="Text"/> may then be empty: a picture with no text is still a message.
    /// </summary>
    public IReadOnlyList<InboundMedia>? Media { get; init; }
}
