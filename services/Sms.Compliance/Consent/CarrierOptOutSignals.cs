namespace Sms.Compliance.Consent;

/// <summary>
/// Delivery-receipt error codes by which a carrier says the recipient has opted out or blocked us (Vonage
/// <c>err-code</c> 9, Twilio 21610 "unsubscribed recipient"), written <c>provider:code</c>. Pure.
/// </summary>
public sealed class CarrierOptOutSignals
{
    public static readonly IReadOnlyList<string> DefaultCodes = ["vonage:9", "twilio:21610"];

    private readonly HashSet<string> _codes;

    public CarrierOptOutSignals(IEnumerable<string>? codes) =>
        _codes = (codes ?? DefaultCodes).Select(c => c.Trim().ToLowerInvariant()).Where(c => c.Contains(':', StringComparison.Ordinal))
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>The rule that fired (<c>carrier:vonage:9</c>), or null when the receipt is no opt-out.</summary>
    public string? RuleFor(string provider, string? errorCode)
    {
        if (string.IsNullOrWhiteSpace(errorCode)) return null;
        var code = $"{provider.Trim().ToLowerInvariant()}:{errorCode.Trim().ToLowerInvariant()}";
        return _codes.Contains(code) ? "carrier:" + code : null;
    }
}
