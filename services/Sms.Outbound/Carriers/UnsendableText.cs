using Sms.ServiceDefaults.Text;

namespace Sms.Outbound.Carriers;

/// <summary>
/// A text no carrier takes: U+0000 or half a surrogate pair (<see cref="MessageText"/>; the APIs refuse such text,
/// but a <c>SendSms</c> published straight on the bus passes none of them). Sending it would fail the same way each
/// time, so it ends as <c>SmsSendFailed</c> at once. Pure.
/// </summary>
public static class UnsendableText
{
    /// <summary>The start of the <c>SmsSendFailed</c> reason.</summary>
    public const string ReasonCode = "unsendable_text";

    /// <summary>Why the text cannot be sent, or null when it can.</summary>
    public static string? Reason(string text)
    {
        return !MessageText.IsStorable(text)
            ? $"{ReasonCode}: the text {MessageText.Problem(text)}; no carrier accepts it, so it was not sent and is not retried."
            : null;
    }
}
