namespace Sms.Compliance.Consent;

/// <summary>
/// Error codes by which a carrier says the recipient has opted out or blocked us, written <c>provider:code</c>: in a
/// delivery receipt (Vonage SMS API <c>err-code</c> 9, Vonage Messages API error 1240 "illegal number (STOP)", Twilio 21610
/// "unsubscribed recipient") or in its refusal of a send
/// (Twilio 21610). The two lists are separate because a carrier's codes can mean different things in each: Vonage's
/// send status 9 is a quota violation, not an opt-out. Pure.
/// </summary>
public sealed class CarrierOptOutSignals
{
    public static readonly IReadOnlyList<string> DefaultReceiptCodes = ["vonage:9", "vonage:1240", "twilio:21610"];

    public static readonly IReadOnlyList<string> DefaultSendCodes = ["twilio:21610"];

    private readonly HashSet<string> _receiptCodes;
    private readonly HashSet<string> _sendCodes;

    /// <param name="receiptCodes">Delivery-receipt codes; null for <see cref="DefaultReceiptCodes"/>.</param>
    /// <param name="sendCodes">Send-refusal codes; null for <see cref="DefaultSendCodes"/>.</param>
    public CarrierOptOutSignals(IEnumerable<string>? receiptCodes, IEnumerable<string>? sendCodes = null)
    {
        _receiptCodes = Codes(receiptCodes ?? DefaultReceiptCodes);
        _sendCodes = Codes(sendCodes ?? DefaultSendCodes);
    }

    /// <summary>The rule a delivery receipt fired (<c>carrier:vonage:9</c>), or null when the receipt is no opt-out.</summary>
    public string? RuleForReceipt(string provider, string? errorCode) => RuleFor(_receiptCodes, provider, errorCode);

    /// <summary>The rule a refused send fired (<c>carrier:twilio:21610</c>), or null when the refusal is no opt-out.</summary>
    public string? RuleForSendError(string provider, string? errorCode) => RuleFor(_sendCodes, provider, errorCode);

    private static string? RuleFor(HashSet<string> codes, string provider, string? errorCode)
    {
        if (string.IsNullOrWhiteSpace(errorCode)) return null;
        var code = $"{provider.Trim().ToLowerInvariant()}:{errorCode.Trim().ToLowerInvariant()}";
        return codes.Contains(code) ? "carrier:" + code : null;
    }

    private static HashSet<string> Codes(IEnumerable<string> codes) =>
        codes.Select(c => c.Trim().ToLowerInvariant()).Where(c => c.Contains(':', StringComparison.Ordinal)).ToHashSet(StringComparer.Ordinal);
}
