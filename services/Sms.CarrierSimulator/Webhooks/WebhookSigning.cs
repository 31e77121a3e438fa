using Sms.Carriers.Vonage;

namespace Sms.CarrierSimulator.Webhooks;

/// <summary>Signs webhook parameters as Vonage does when signed webhooks are on: adds <c>nonce</c>, <c>timestamp</c>, <c>sig</c>. Pure.</summary>
public static class WebhookSigning
{
    public const string NonceParameter = "nonce";

    public static Dictionary<string, string> Sign(
        IReadOnlyDictionary<string, string> parameters, string nonce, string secret, VonageSignatureMethod method, DateTimeOffset now)
    {
        var withNonce = new Dictionary<string, string>(parameters, StringComparer.Ordinal) { [NonceParameter] = nonce };
        return VonageSignature.Sign(withNonce, secret, method, now);
    }
}
