using System.Text;

namespace Sms.Router.Sessions;

/// <summary>
/// One spelling per number, so a customer who is <c>+447700900001</c> in our sends and <c>447700900001</c> in the
/// carrier's webhook is one customer, and our number is recognised however the carrier writes it.
/// </summary>
internal static class PhoneNumbers
{
    /// <summary>
    /// <c>+44 7700-900 001</c> and <c>447700900001</c> become <c>+447700900001</c>; an alphanumeric sender id is kept
    /// (upper case, spaces removed).
    /// </summary>
    public static string Canonical(string number)
    {
        var compact = new StringBuilder(number.Length);
        foreach (var c in number.Trim())
        {
            if (c is ' ' or '-' or '(' or ')' or '.' || char.IsWhiteSpace(c)) continue;
            compact.Append(c);
        }
        var text = compact.ToString();
        var digits = text.StartsWith('+') ? text[1..] : text;
        return digits.Length > 0 && digits.All(char.IsAsciiDigit) ? "+" + digits : text.ToUpperInvariant();
    }

    public static bool Same(string? a, string? b) =>
        a is not null && b is not null && string.Equals(Canonical(a), Canonical(b), StringComparison.Ordinal);

    /// <summary>True for what can be a customer's phone number: 6 to 15 digits, with or without the leading +.</summary>
    public static bool IsPhoneNumber(string? number)
    {
        if (string.IsNullOrWhiteSpace(number)) return false;
        var canonical = Canonical(number);
        return canonical.StartsWith('+') && canonical.Length is >= 7 and <= 16;
    }
}
