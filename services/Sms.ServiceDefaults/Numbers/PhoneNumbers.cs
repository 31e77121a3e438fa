using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.RegularExpressions;

namespace Sms.ServiceDefaults.Numbers;

/// <summary>
/// The platform's one spelling of a phone number, E.164 (<c>+447700900001</c>), so a customer who is
/// <c>+447700900001</c> in our sends and <c>447700900001</c> in a carrier's webhook is one customer in every service.
/// Pure: no I/O.
/// </summary>
public static partial class PhoneNumbers
{
    /// <summary>
    /// True when <paramref name="value"/> is exactly E.164: a plus, a country code that does not start with 0, 7 to 15
    /// digits in all, and nothing else (no spaces, no trailing line break).
    /// </summary>
    public static bool IsE164([NotNullWhen(true)] string? value) => value is not null && E164().IsMatch(value);

    /// <summary>
    /// The number as E.164, or null when it is not a full phone number (an alphanumeric sender id, a short code, text).
    /// Accepts the digits without <c>+</c> (Vonage's <c>msisdn</c>), an international <c>00</c> prefix, and spaces,
    /// dashes, dots and parentheses: <c>+44 7700-900 001</c>, <c>447700900001</c> and <c>0044 7700 900001</c> are all
    /// <c>+447700900001</c>.
    /// </summary>
    public static string? Normalise(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var compact = new StringBuilder(value.Length);
        foreach (var c in value)
        {
            if (c is '-' or '(' or ')' or '.' || char.IsWhiteSpace(c)) continue;
            compact.Append(c);
        }
        var text = compact.ToString();
        var digits = text.StartsWith('+') ? text[1..]
            : text.StartsWith("00", StringComparison.Ordinal) ? text[2..]
            : text;
        var candidate = "+" + digits;
        return IsE164(candidate) ? candidate : null;
    }

    /// <summary>
    /// The form to key, compare and report an address by: E.164 for a phone number (<see cref="Normalise"/>), anything
    /// else (a short code such as <c>88888</c>, an alphanumeric sender id such as <c>ACME</c>) trimmed and otherwise as given.
    /// </summary>
    public static string Canonical(string value) => Normalise(value) ?? value.Trim();

    /// <summary>
    /// True when both name the same number however it is written; sender ids that are not phone numbers are the same
    /// when they differ only in case.
    /// </summary>
    public static bool Same(string? a, string? b) =>
        a is not null && b is not null && string.Equals(Canonical(a), Canonical(b), StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"^\+[1-9][0-9]{6,14}\z", RegexOptions.CultureInvariant)]
    private static partial Regex E164();
}
