using Sms.Contracts.Outbound;

namespace Sms.Outbound.Carriers;

/// <summary>
/// A picture (<see cref="SendSms.Media"/>) only goes out through a carrier that sends pictures: Twilio, as
/// <c>MediaUrl</c>. Outbound sends Vonage through the SMS API, which has none, so such a send ends as
/// <c>SmsSendFailed</c> at once rather than reach the customer as text without its picture (the inbox refuses it
/// earlier; this guards sends published straight on the bus). Pure.
/// </summary>
public static class UnsendableMedia
{
    /// <summary>The start of the <c>SmsSendFailed</c> reason.</summary>
    public const string ReasonCode = "media_unsupported";

    /// <summary>Why the send's picture cannot go through <paramref name="provider"/>, or null when it can (or there is none).</summary>
    public static string? Reason(SendSms request, string provider) =>
        request.Media is not null && provider != CarrierRouting.Twilio
            ? $"{ReasonCode}: the carrier of this number ({provider}) cannot send pictures; the message was not sent and is not retried."
            : null;
}
