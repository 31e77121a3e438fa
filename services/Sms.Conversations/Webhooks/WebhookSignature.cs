using System.Security.Cryptography;
using System.Text;

namespace Sms.Conversations.Webhooks;

/// <summary>
/// How a webhook delivery is signed, as Stripe and Twilio sign theirs: HMAC-SHA256 with the subscription's secret over
/// <c>"{timestamp}.{body}"</c>, the timestamp (unix seconds) in its own header, so a receiver can refuse an old
/// delivery replayed by someone who captured it. Pure; the README's "Webhooks" section shows a receiver's check.
/// </summary>
public static class WebhookSignature
{
    /// <summary>The event's id: the same on every attempt and replay of the event, for the receiver to de-duplicate.</summary>
    public const string IdHeader = "Sms-Webhook-Id";

    /// <summary>When this attempt was signed, in unix seconds.</summary>
    public const string TimestampHeader = "Sms-Webhook-Timestamp";

    /// <summary><c>v1=</c> and the lower-case hex of the HMAC.</summary>
    public const string SignatureHeader = "Sms-Webhook-Signature";

    /// <summary>The scheme's version, written before the hex so a later scheme can be added beside it.</summary>
    public const string Version = "v1";

    /// <summary>The <see cref="SignatureHeader"/> value of <paramref name="body"/> (UTF-8 bytes) sent at <paramref name="timestamp"/>.</summary>
    public static string Sign(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        var prefix = Encoding.UTF8.GetBytes(timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture) + ".");
        var signed = new byte[prefix.Length + body.Length];
        prefix.CopyTo(signed, 0);
        body.CopyTo(signed.AsSpan(prefix.Length));
        return Version + "=" + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed));
    }

    /// <summary>A new signing secret: 32 random bytes, base64url, with a prefix that says what it is when found in a file.</summary>
    public static string NewSecret() => "whsec_" + Base64Url(RandomNumberGenerator.GetBytes(32));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
