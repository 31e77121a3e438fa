namespace Sms.CarrierSimulator.SmsApi;

/// <summary>
/// A phone number the way Vonage writes it (<c>msisdn</c>): the E.164 digits without <c>+</c>. The simulator checks
/// numbers by Vonage's rule, not the platform's, so that it stays an independent check of what the platform sends. Pure.
/// </summary>
public static class Msisdn
{
    /// <summary>The spec pattern <c>\d{7,15}</c>: 7 to 15 digits and nothing else.</summary>
    public static bool IsValid(string value) => value.Length is >= 7 and <= 15 && value.All(char.IsAsciiDigit);

    /// <summary>The number trimmed and without a leading <c>+</c>: <c>+447700900001</c> and <c>447700900001</c> are one number.</summary>
    public static string WithoutPlus(string number) => number.Trim().TrimStart('+');
}
