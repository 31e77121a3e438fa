using Sms.Carriers.Twilio;

namespace Sms.Ingress.Twilio;

/// <summary>What the check of a Twilio webhook's <c>X-Twilio-Signature</c> decided.</summary>
public enum TwilioSignatureVerdict
{
    /// <summary>The signature matches the public URL and the form parameters.</summary>
    Valid,

    /// <summary>
    /// No signature, or one there is no auth token to check, and signatures are not required (explicit configuration,
    /// development machines only).
    /// </summary>
    AcceptedUnsigned,

    /// <summary>No <c>X-Twilio-Signature</c> header while signatures are required.</summary>
    MissingSignature,

    /// <summary>Signed, but no auth token is set to check it: a signature nobody can check proves nothing.</summary>
    NotConfigured,

    /// <summary>A signature that does not match the public URL and parameters (tampered, another token, or the wrong public address).</summary>
    InvalidSignature,
}

/// <summary>How Twilio webhooks must be signed; from <see cref="Extensions.TwilioWebhookOptions"/>.</summary>
/// <param name="Required">Refuse unsigned webhooks.</param>
/// <param name="AuthToken">The account's auth token, the key of the signature; null or blank when not set.</param>
/// <param name="PublicBaseUrl">The ingress's address as Twilio calls it, which Twilio signs instead of the one this process sees.</param>
public sealed record TwilioSignaturePolicy(bool Required, string? AuthToken, string? PublicBaseUrl)
{
    /// <summary>True when an auth token is set: Twilio webhooks can be authenticated.</summary>
    public bool Configured => !string.IsNullOrWhiteSpace(AuthToken);

    /// <summary>The URL Twilio signed for a request to <paramref name="pathAndQuery"/> (path, then the raw query string).</summary>
    public string SignedUrl(string pathAndQuery) => PublicBaseUrl!.TrimEnd('/') + pathAndQuery;
}

/// <summary>
/// Decides whether a Twilio webhook is authentic: its <c>X-Twilio-Signature</c> over the public URL
/// (<see cref="TwilioSignaturePolicy.PublicBaseUrl"/> + path + query) and the form parameters, with the auth token
/// (<see cref="TwilioSignature"/>, constant time). The Twilio counterpart of <see cref="Vonage.WebhookSignatureCheck"/>.
/// Pure: the request's parts are given.
/// </summary>
public static class TwilioSignatureCheck
{
    /// <param name="signature">The <c>X-Twilio-Signature</c> header as received; null or empty when absent.</param>
    /// <param name="pathAndQuery">The request's path (with its base) and raw query string, as this process saw them.</param>
    /// <param name="form">The form parameters as sent (empty for a GET).</param>
    /// <param name="policy">How webhooks must be signed.</param>
    public static TwilioSignatureVerdict Check(
        string? signature, string pathAndQuery, IReadOnlyCollection<KeyValuePair<string, string>> form, TwilioSignaturePolicy policy)
    {
        if (string.IsNullOrEmpty(signature))
            return policy.Required ? TwilioSignatureVerdict.MissingSignature : TwilioSignatureVerdict.AcceptedUnsigned;

        if (!policy.Configured)
            return policy.Required ? TwilioSignatureVerdict.NotConfigured : TwilioSignatureVerdict.AcceptedUnsigned;

        return TwilioSignature.Matches(policy.SignedUrl(pathAndQuery), form, policy.AuthToken!, signature)
            ? TwilioSignatureVerdict.Valid
            : TwilioSignatureVerdict.InvalidSignature;
    }

    public static bool IsAccepted(this TwilioSignatureVerdict verdict) =>
        verdict is TwilioSignatureVerdict.Valid or TwilioSignatureVerdict.AcceptedUnsigned;

    /// <summary>The <c>reason</c> of the 401 and the tag of the rejected-webhooks counter.</summary>
    public static string Reason(this TwilioSignatureVerdict verdict) => verdict switch
    {
        TwilioSignatureVerdict.MissingSignature => "signature_missing",
        TwilioSignatureVerdict.NotConfigured => "not_configured",
        TwilioSignatureVerdict.InvalidSignature => "signature_invalid",
        _ => "none",
    };

    public static string Describe(this TwilioSignatureVerdict verdict) => verdict switch
    {
        TwilioSignatureVerdict.MissingSignature => $"The webhook has no {TwilioSignature.HeaderName} header.",
        TwilioSignatureVerdict.NotConfigured => "Twilio webhooks cannot be verified: Twilio:AuthToken is not set on the ingress.",
        TwilioSignatureVerdict.InvalidSignature =>
            $"The {TwilioSignature.HeaderName} header does not match the URL and parameters received (is Twilio:PublicBaseUrl the address Twilio calls?).",
        _ => "The webhook signature is acceptable.",
    };
}
