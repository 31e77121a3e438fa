namespace Sms.Contracts.Outbound;

/// <summary>
/// Command: send one SMS to a customer. Published by upstream systems, the router, agents and compliance.
/// Every send is decided by Compliance first (<see cref="Compliance.SmsApproved"/> or <see cref="Compliance.SmsSuppressed"/>).
/// </summary>
public sealed record SendSms
{
    /// <summary>Our id for the message; the idempotency key for everything that follows it.</summary>
    public required Guid MessageId { get; init; }

    /// <summary>The customer's number in E.164 form, e.g. <c>+447700900001</c>.</summary>
    public required string To { get; init; }

    /// <summary>Our sending number or alphanumeric sender id. Null: the deployment's default sender.</summary>
    public string? From { get; init; }

    public required string Text { get; init; }

    public required SmsCategory Category { get; init; }

    public string? CampaignId { get; init; }

    /// <summary>When set, the customer's reply is understood against this prompt (a conversation session).</summary>
    public SmsPrompt? Prompt { get; init; }

    /// <summary>Who asked for the send; shown in the conversation thread.</summary>
    public SmsOrigin Origin { get; init; } = SmsOrigin.Upstream;

    /// <summary>The inbound message this send answers, when it is a reply.</summary>
    public Guid? InReplyTo { get; init; }

    public DateTimeOffset RequestedAt { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>
    /// A picture to send with the text (an MMS); null for a plain SMS. Only carriers that can send pictures take it
    /// (Twilio); Outbound refuses it for the others rather than send the text alone.
    /// </summary>
    public OutboundMedia? Media { get; init; }
}

/// <summary>A picture sent with a message: a URL the carrier fetches it from (signed and expiring) and its content type.</summary>
public sealed record OutboundMedia
{
    /// <summary>A URL the carrier can fetch without our credentials: signed, expiring, under the platform's public base URL.</summary>
    public required string Url { get; init; }

    public required string ContentType { get; init; }

    /// <summary>The stored attachment the URL serves, so the thread shows it with the message.</summary>
    public Guid? AttachmentId { get; init; }
}

public enum SmsCategory
{
    Transactional,
    Marketing,
    Conversational,
    Compliance,
}

public enum SmsOrigin
{
    Upstream,
    Automation,
    Agent,
    Compliance,
}
