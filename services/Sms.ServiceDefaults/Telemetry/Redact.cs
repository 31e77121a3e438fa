namespace Sms.ServiceDefaults.Telemetry;

/// <summary>
/// Shortens personal data for logs at Information level. A phone number shows at most a third of its digits, so a short
/// number gives away as little as a long one: the start (the country code of an E.164 number) and the last two digits,
/// each cut down first when a third is not enough.
/// </summary>
public static class Redact
{
    /// <summary>Digits of the start shown at most: the longest country code.</summary>
    private const int MaxStart = 3;

    /// <summary>Digits of the end shown at most.</summary>
    private const int MaxEnd = 2;

    /// <summary>
    /// <c>+447700900123</c> becomes <c>+44********23</c>, <c>+15550100000</c> <c>+1********00</c>, the 8-digit
    /// <c>+44770091</c> <c>+******91</c>; a number of fewer than 3 digits is all stars. The length stays visible.
    /// </summary>
    public static string Phone(string? number)
    {
        if (string.IsNullOrEmpty(number)) return "(none)";
        var plus = number.StartsWith('+') ? 1 : 0;
        var digits = number.Length - plus;
        var shown = digits / 3;
        var end = Math.Min(MaxEnd, shown);
        var start = Math.Min(MaxStart, shown - end);
        return string.Concat(
            number.AsSpan(0, plus + start),
            new string('*', digits - start - end),
            number.AsSpan(number.Length - end));
    }
}
