namespace Sms.Contracts.Outbound;

/// <summary>Event: the carrier accepted the message. One event per message, whatever its number of parts.</summary>
public sealed record SmsSent
{
    /// <summary>The send as approved; <c>Request.MessageId</c> is the business key.</summary>
    public required SendSms Request { get; init; }

    /// <summary>The sender the message actually went out from (the default sender when the request named none).</summary>
    public required string From { get; init; }

    public required string Provider { get; init; }

    /// <summary>The carrier's id for every part, in part order.</summary>
    public required IReadOnlyList<string> ProviderMessageIds { get; init; }

    public required int SegmentCount { get; init; }

    public required SmsEncoding Encoding { get; init; }

    public required DateTimeOffset SentAt { get; init; }
}

public enum SmsEncoding
{
    Gsm7,
    Ucs2,
}
