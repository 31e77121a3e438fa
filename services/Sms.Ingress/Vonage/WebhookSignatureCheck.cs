using System.Globalization;
using Sms.Carriers.Vonage;

namespace Sms.Ingress.Vonage;

/// <summary>What the webhook signature check decided.</summary>
public enum SignatureVerdict
{
    /// <summary>Signed with our secret, timestamp within tolerance.</summary>
    Valid,

    /// <summary>
    /// Signed with our secret, timestamp older than the tolerance but within the carrier's retry window: a late retry
    /// (<see cref="WebhookFreshness"/>), accepted; the claim on its provider message id keeps a replay from publishing.
    /// </summary>
    ValidLateRetry,

    /// <summary>No signature, and signatures are not required (development only).</summary>
    AcceptedUnsigned,

    /// <summary>No <c>sig</c> parameter while signatures are required.</summary>
    MissingSignature,

    /// <summary>A <c>sig</c> that does not match the parameters (tampered, or another secret or method).</summary>
    InvalidSignature,

    /// <summary>Signed, but without a usable <c>timestamp</c>, so a replay could not be told apart.</summary>
    MissingTimestamp,

    /// <summary>Signed, but the timestamp is older than the retry window or further in the future than the tolerance.</summary>
    TimestampOutOfTolerance,
}

/// <summary>How webhooks must be signed; from <see cref="Extensions.VonageWebhookOptions"/>.</summary>
/// <param name="Required">Refuse unsigned webhooks.</param>
/// <param name="Secret">The signature secret.</param>
/// <param name="Method">The signature method.</param>
/// <param name="Tolerance">Allowed clock distance of the signed timestamp, either way.</param>
/// <param name="LateRetryWindow">How old a signed timestamp may be as a carrier's retry (<see cref="WebhookFreshness"/>); zero: none.</param>
public sealed record WebhookSignaturePolicy(
    bool Required, string? Secret, VonageSignatureMethod Method, TimeSpan Tolerance, TimeSpan LateRetryWindow = default);

/// <summary>
/// Decides whether a Vonage webhook's parameter set is authentic: the <c>sig</c> over the raw parameters
/// (<see cref="VonageSignature"/>), then the signed <c>timestamp</c> against the clock (<see cref="WebhookFreshness"/>).
/// Pure: the clock value is given.
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

        return WebhookFreshness.Judge(signedAt, now, policy.Tolerance, policy.LateRetryWindow) switch
        {
            Freshness.Fresh => SignatureVerdict.Valid,
            Freshness.LateRetry => SignatureVerdict.ValidLateRetry,
            _ => SignatureVerdict.TimestampOutOfTolerance,
        };
    }

    public static bool IsAccepted(this SignatureVerdict verdict) =>
        verdict is SignatureVerdict.Valid or SignatureVerdict.ValidLateRetry or SignatureVerdict.AcceptedUnsigned;

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
        SignatureVerdict.TimestampOutOfTolerance => "The signed 'timestamp' is older than the carrier's retry window or in the future.",
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
