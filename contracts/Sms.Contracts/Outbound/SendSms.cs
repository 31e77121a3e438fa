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
