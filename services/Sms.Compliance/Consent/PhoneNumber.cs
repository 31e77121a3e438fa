using System.Text.RegularExpressions;

namespace Sms.Compliance.Consent;

/// <summary>E.164 checks for the numbers consent is keyed on.</summary>
public static partial class PhoneNumber
{
    /// <summary>A plus, a country code that does not start with 0, 7 to 15 digits in all.</summary>
    public static bool IsE164(string? number) => number is not null && E164().IsMatch(number);

    /// <summary>
    /// The number as the ledger keys it: trimmed, and given its leading plus when a carrier sent the digits without
    /// it (Vonage's <c>msisdn</c>). Anything else is returned trimmed and unchanged.
    /// </summary>
    public static string Normalize(string? number)
    {
        var trimmed = number?.Trim() ?? "";
        return !trimmed.StartsWith('+') && IsE164("+" + trimmed) ? "+" + trimmed : trimmed;
    }

    [GeneratedRegex(@"^\+[1-9]\d{6,14}$", RegexOptions.CultureInvariant)]
    private static partial Regex E164();
}
