using Sms.ServiceDefaults.Numbers;

namespace Sms.Router.Http;

/// <summary>
/// Reads the customer number of <c>GET /v1/sessions/{customerNumber}</c> as every service reads a number
/// (<see cref="PhoneNumbers.Normalise"/>: with or without the <c>+</c>, URL-encoded or not), so the sessions stored
/// under its E.164 form are found; anything else is refused with the problem below. Pure.
/// </summary>
public static class SessionListRequestValidator
{
    public const string NotAPhoneNumberTitle = "Not a phone number";

    public const string NotAPhoneNumberDetail =
        "Give the customer's number in E.164 form, e.g. +447700900001 (URL-encode the + as %2B if your client needs to).";

    /// <returns>The number in E.164 form; null when it is not a phone number (a 400 with <see cref="NotAPhoneNumberTitle"/>).</returns>
    public static string? Validate(string customerNumber) => PhoneNumbers.Normalise(customerNumber);
}
