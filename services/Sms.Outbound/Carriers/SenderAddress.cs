namespace Sms.Outbound.Carriers;

/// <summary>
/// Sender and recipient addresses as carriers and our events want them. A sender is a phone number or an
/// alphanumeric sender id (e.g. <c>ACME</c>); short codes (six digits or fewer) are kept as given.
/// </summary>
public static class SenderAddress
{
    /// <summary>True for an international number: optional <c>+</c>, then 7 to 15 digits.</summary>
    public static bool IsPhoneNumber(string address)
    {
        var digits = address.StartsWith('+') ? address.AsSpan(1) : address.AsSpan();
        return digits.Length is >= 7 and <= 15 && !digits.ContainsAnyExcept("0123456789");
    }

    /// <summary>The sender as our events carry it: E.164 with <c>+</c> for a number, as given otherwise.</summary>
    public static string ForEvents(string sender)
    {
        var trimmed = sender.Trim();
        return IsPhoneNumber(trimmed) ? "+" + trimmed.TrimStart('+') : trimmed;
    }

    /// <summary>Digits without <c>+</c> for a number (carriers' wire form); an alphanumeric sender as given.</summary>
    public static string DigitsOrAlphanumeric(string address)
    {
        var trimmed = address.Trim();
        return trimmed.StartsWith('+') && IsPhoneNumber(trimmed) ? trimmed[1..] : trimmed;
    }
}
