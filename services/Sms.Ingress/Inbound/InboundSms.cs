using Sms.Contracts.Inbound;
using Sms.Ingress.Data;
using Sms.ServiceDefaults.Messaging;

namespace Sms.Ingress.Inbound;

/// <summary>One part of a concatenated SMS, as Vonage describes it: <c>concat-ref</c>, <c>concat-part</c> (from 1), <c>concat-total</c>.</summary>
public sealed record ConcatenationInfo(string Reference, int Part, int Total);

/// <summary>An inbound SMS (or one part of a long one) read from a carrier's webhook (Vonage, Twilio).</summary>
public sealed record InboundSms
{
    /// <summary>The carrier that delivered it: <c>vonage</c>, <c>twilio</c>.</summary>
    public required string Provider { get; init; }

    public required string ProviderMessageId { get; init; }

    /// <summary>The customer's number, E.164 (<see cref="Numbers.InboundNumbers"/>).</summary>
    public required string From { get; init; }

    /// <summary>Our number, E.164 when it is a phone number (a short code stays as sent).</summary>
    public required string To { get; init; }

    /// <summary>
    /// As the platform keeps a carrier's text (<see cref="ServiceDefaults.Text.MessageText.FromCarrier"/>): trimmed,
    /// NFC, U+0000 as "@", an unpaired surrogate as U+FFFD; storable and sendable everywhere downstream.
    /// </summary>
    public required string Text { get; init; }

    /// <summary>True when <see cref="Text"/> had a character replaced (counted and logged, never refused).</summary>
    public bool TextRepaired { get; init; }

    public required DateTimeOffset ReceivedAt { get; init; }

    /// <summary>
    /// The text exactly as received, for joining the parts of a concatenated message (which are never trimmed or
    /// repaired alone: a part may end in a space, or in half of a surrogate pair the next part completes). It is never
    /// published: it stays in the ingress's Redis part store (<see cref="ConcatPartStore"/>, exactly), and the joined
    /// text goes on the bus only through <see cref="ServiceDefaults.Text.MessageText.FromCarrier"/>, like every other
    /// carrier text.
    /// </summary>
    public string RawText { get; init; } = "";

    /// <summary>
    /// Set when Vonage delivered this as one part of a concatenated message (<c>concat=true</c> with a usable
    /// reference, part and total, and a total above 1). A part whose details are unusable is kept as its own message.
    /// </summary>
    public ConcatenationInfo? Concatenation { get; init; }

    /// <summary>How many SMS parts the text joins, when the carrier joined them itself (Messages API <c>sms.num_messages</c>).</summary>
    public int PartCount { get; init; } = 1;

    /// <summary>Why <c>concat=true</c> details were unusable (for the log), when they were.</summary>
    public string? ConcatenationProblem { get; init; }

    /// <summary>The pictures and files the message carries (an MMS); null for a plain SMS. Not fetched here: Conversations fetches them.</summary>
    public IReadOnlyList<InboundMedia>? Media { get; init; }

    public InboundSmsReceived ToMessage() => new()
    {
        MessageId = MessageIds.FromProvider(Provider, ProviderMessageId),
        Provider = Provider,
        ProviderMessageId = ProviderMessageId,
        From = From,
        To = To,
        Text = Text,
        ReceivedAt = ReceivedAt,
        PartCount = PartCount,
        Media = Media is { Count: > 0 } ? Media : null,
    };
}
