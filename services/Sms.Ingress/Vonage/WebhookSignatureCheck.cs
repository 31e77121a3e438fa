using System.Globalization;
using Sms.Carriers.Vonage;

namespace Sms.Ingress.Vonage;

/// <summary>What the webhook signature check decided.</summary>
public enum SignatureVerdict
{
    /// <summary>Signed with our secret, timestamp within tolerance.</summary>
    Valid,

    /// <summary>No signature, and signatures are not required (development only).</summary>
    AcceptedUnsigned,

    /// <summary>No <c>sig</c> parameter while signatures are required.</summary>
    MissingSignature,

    /// <summary>A <c>sig</c> that does not match the parameters (tampered, or another secret or method).</summary>
    InvalidSignature,

    /// <summary>Signed, but without a usable <c>timestamp</c>, so a replay could not be told apart.</summary>
    MissingTimestamp,

    /// <summary>Signed, but the timestamp is further from our clock than the tolerance (replayed or from the future).</summary>
    TimestampOutOfTolerance,
}

/// <summary>How webhooks must be signed; from <see cref="VonageWebhookOptions"/>.</summary>
public sealed record WebhookSignaturePolicy(bool Required, string? Secret, VonageSignatureMethod Method, TimeSpan Tolerance);

/// <summary>
/// Decides whether a Vonage webhook's parameter set is authentic: the <c>sig</c> over the raw parameters
/// (<see cref="VonageSignature"/>), then the signed <c>timestamp</c> against the clock. Pure: the clock value is given.
/// </summary>
public static class WebhookSignatureCheck
{
    public static SignatureVerdict Check(IReadOnlyDictionary<string, string> parameters, WebhookSignaturePolicy policy, DateTimeOffset now)
    {
        var signed = parameters.TryGetValue(VonageSignature.SignatureParameter, out var signature) && !string.IsNullOrEmpty(signature);
        if (!signed)
            return policy.Required ? SignatureVerdict.MissingSignature : SignatureVerdict.AcceptedUnsigned;

        // A signature we have no secret to check proves nothing; options validation makes this unreachable when required.
        if (string.IsNullOrEmpty(policy.Secret))
            return policy.Required ? SignatureVerdict.InvalidSignature : SignatureVerdict.AcceptedUnsigned;

        if (!VonageSignature.Matches(parameters, policy.Secret, policy.Method))
            return SignatureVerdict.InvalidSignature;

        if (!TryReadTimestamp(parameters, out var signedAt))
            return SignatureVerdict.MissingTimestamp;

        return (now - signedAt).Duration() <= policy.Tolerance ? SignatureVerdict.Valid : SignatureVerdict.TimestampOutOfTolerance;
    }

    public static bool IsAccepted(this SignatureVerdict verdict) =>
        verdict is SignatureVerdict.Valid or SignatureVerdict.AcceptedUnsigned;

    /// <summary>The value of the <c>reason</c> tag on the rejected-webhooks counter.</summary>
    public static string Reason(this SignatureVerdict verdict) => verdict switch
    {
        SignatureVerdict.MissingSignature => "signature_missing",
        SignatureVerdict.InvalidSignature => "signature_invalid",
        SignatureVerdict.MissingTimestamp => "timestamp_missing",
        SignatureVerdict.TimestampOutOfTolerance => "timestamp_out_of_tolerance",
        _ => "none",
    };

    /// <summary>A sentence for the caller; says what to fix without revealing what the signature should have been.</summary>
    public static string Describe(this SignatureVerdict verdict) => verdict switch
    {
        SignatureVerdict.MissingSignature => "The webhook is not signed: a 'sig' parameter is required.",
        SignatureVerdict.InvalidSignature => "The 'sig' parameter does not match the parameters received.",
        SignatureVerdict.MissingTimestamp => "A signed webhook needs a 'timestamp' parameter in unix seconds.",
        SignatureVerdict.TimestampOutOfTolerance => "The signed 'timestamp' is too far from the current time.",
        _ => "The webhook signature is acceptable.",
    };

    private static bool TryReadTimestamp(IReadOnlyDictionary<string, string> parameters, out DateTimeOffset signedAt)
    {
        signedAt = default;
        if (!parameters.TryGetValue(VonageSignature.TimestampParameter, out var text)
            || !long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
            || seconds > DateTimeOffset.MaxValue.ToUnixTimeSeconds())
            return false;
        signedAt = DateTimeOffset.FromUnixTimeSeconds(seconds);
        return true;
    }
}
