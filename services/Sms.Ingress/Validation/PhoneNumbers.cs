using System.Text.RegularExpressions;

namespace Sms.Ingress.Validation;

/// <summary>Phone numbers in E.164 form: <c>+</c>, a non-zero first digit, 7 to 15 digits in all.</summary>
public static partial class PhoneNumbers
{
    /// <summary>True when <paramref name="value"/> is already exactly E.164 (what the upstream API requires).</summary>
    public static bool IsE164(string? value) => value is not null && E164().IsMatch(value);

    /// <summary>
    /// A carrier's number as E.164. Vonage sends digits without <c>+</c> (<c>447700900001</c>); a leading <c>+</c> or
    /// international <c>00</c> prefix and spaces are also accepted. Null when the value is not a full phone number
    /// (an alphanumeric sender id or a short code, for instance).
    /// </summary>
    public static string? Normalise(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var compact = value.Replace(" ", "", StringComparison.Ordinal).Trim();
        if (compact.StartsWith('+')) compact = compact[1..];
        else if (compact.StartsWith("00", StringComparison.Ordinal)) compact = compact[2..];
        var candidate = "+" + compact;
        return IsE164(candidate) ? candidate : null;
    }

    [GeneratedRegex(@"^\+[1-9]\d{6,14}$", RegexOptions.CultureInvariant)]
    private static partial Regex E164();
}
