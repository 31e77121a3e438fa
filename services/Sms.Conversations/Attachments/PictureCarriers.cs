using Sms.Conversations.Extensions;
using Sms.ServiceDefaults.Numbers;

namespace Sms.Conversations.Attachments;

/// <summary>
/// Which of our numbers can send a picture: those on Twilio (<c>MediaUrl</c>). Vonage numbers cannot: Outbound sends
/// Vonage through the SMS API, which has no pictures, so the inbox refuses before anything is sent. Reads the same
/// <c>Carriers:*</c> routing as Outbound. Pure.
/// </summary>
public static class PictureCarriers
{
    public const string Twilio = "twilio";

    /// <summary>The carrier of <paramref name="businessNumber"/>: its listed one, else the default.</summary>
    public static string ProviderOf(string? businessNumber, CarrierAccountOptions options)
    {
        if (!string.IsNullOrWhiteSpace(businessNumber))
        {
            foreach (var (number, provider) in options.Numbers)
            {
                if (PhoneNumbers.Same(number.StartsWith('+') ? number : "+" + number, businessNumber)
                    || string.Equals(number.Trim(), businessNumber.Trim(), StringComparison.OrdinalIgnoreCase))
                    return provider.Trim().ToLowerInvariant();
            }
        }
        return options.DefaultProvider.Trim().ToLowerInvariant();
    }

    public static bool CanSendPictures(string provider) => provider == Twilio;
}
