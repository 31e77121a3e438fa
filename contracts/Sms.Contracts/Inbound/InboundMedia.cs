namespace Sms.Contracts.Inbound;

/// <summary>
/// A picture or file a customer sent with a message (MMS), as the carrier announced it: where to fetch it, with the
/// carrier's credentials. Conversations fetches and keeps it; the carrier's copy does not last (Vonage: 48 hours).
/// </summary>
public sealed record InboundMedia
{
    /// <summary>The carrier's URL of the media (Twilio <c>MediaUrl{n}</c>; Vonage <c>image.url</c> / <c>file.url</c>).</summary>
    public required string Url { get; init; }

    /// <summary>The content type the carrier announced (Twilio <c>MediaContentType{n}</c>); null when it gave none (Vonage).</summary>
    public string? ContentType { get; init; }

    /// <summary>The carrier that holds it (<c>twilio</c>, <c>vonage</c>): whose credentials fetch it.</summary>
    public required string Provider { get; init; }
}
