using System.Globalization;
using Sms.Contracts.Compliance;
using Sms.Contracts.Outbound;
using Sms.ServiceDefaults.Numbers;

namespace Sms.Compliance.Consent;

/// <summary>Compliance's answer to one <see cref="SendSms"/>: approve it, hold it while a person decides, or suppress it with a reason.</summary>
public sealed record SendDecision
{
    private SendDecision(SuppressionReason? reason, string? detail, bool held = false)
    {
        Reason = reason;
        Detail = detail;
        IsHeld = held;
    }

    public static SendDecision Approve { get; } = new(null, null);

    public bool IsApproved => Reason is null && !IsHeld;

    /// <summary>
    /// Neither approved nor suppressed yet: a person is deciding whether the recipient asked to stop. The send waits
    /// and is decided again once the review is decided (<see cref="Detail"/> says why).
    /// </summary>
    public bool IsHeld { get; }

    public static SendDecision HoldForReview { get; } = new(null,
        "A person is reviewing whether the recipient asked to stop; marketing is held until the review is decided.", held: true);

    /// <summary>Why the send is suppressed; null when approved.</summary>
    public SuppressionReason? Reason { get; }

    /// <summary>A sentence for people reading the thread or the logs; null when approved.</summary>
    public string? Detail { get; }

    public static SendDecision Suppress(SuppressionReason reason, string detail) => new(reason, detail);
}

/// <summary>
/// Which sends may reach the carrier. Pure: the caller reads the recipient's consent first.
/// <list type="bullet">
/// <item>A recipient that is not an E.164 number, or a message with neither text nor a picture: suppressed, <see cref="SuppressionReason.InvalidRequest"/>.</item>
/// <item>Compliance's own replies (category and origin Compliance): always approved, so STOP is always confirmed.</item>
/// <item>Every other send is decided on the purpose it serves (<see cref="PurposeOf"/>): marketing, or informational
/// for transactional and conversational messages.</item>
/// <item>Informational: approved unless the recipient opted out of informational messages (a STOP does), then
/// <see cref="SuppressionReason.OptedOut"/>.</item>
/// <item>Marketing: suppressed when the recipient opted out of informational messages or of marketing
/// (<see cref="SuppressionReason.OptedOut"/>); with the recipient's marketing opt-in approved, or held while a review of
/// the recipient's messages is pending; else <see cref="SuppressionReason.NoMarketingConsent"/>.</item>
/// </list>
/// </summary>
public static class SendPolicy
{
    /// <summary>Whether <see cref="Decide"/> needs the recipient's consent state for this request.</summary>
    public static bool NeedsConsentState(SendSms request) =>
        Validate(request) is null && !IsComplianceReply(request);

    /// <param name="request">The send.</param>
    /// <param name="consent">The recipient's consent now; required whenever <see cref="NeedsConsentState"/> says so.</param>
    /// <exception cref="InvalidOperationException">The consent state is needed and missing: never approve unchecked.</exception>
    public static SendDecision Decide(SendSms request, ConsentState? consent)
    {
        if (Validate(request) is { } invalid) return invalid;
        if (IsComplianceReply(request)) return SendDecision.Approve;

        if (consent is null)
            throw new InvalidOperationException("The recipient's consent state is required to decide this send.");
        if (!string.Equals(consent.Number, request.To, StringComparison.Ordinal))
            throw new ArgumentException("The consent state belongs to another number.", nameof(consent));

        if (consent.IsOptedOut)
        {
            var optOut = consent.Informational!;
            return SendDecision.Suppress(SuppressionReason.OptedOut,
                string.Create(CultureInfo.InvariantCulture,
                    $"The recipient opted out ({optOut.Rule}) at {optOut.OccurredAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z; only compliance replies reach an opted-out number."));
        }

        switch (PurposeOf(request))
        {
            case ConsentPurpose.Informational:
                return SendDecision.Approve;
            case ConsentPurpose.Marketing when consent.StatusOf(ConsentPurpose.Marketing) == ConsentStatus.OptedOut:
                var marketingOptOut = consent.Marketing!;
                return SendDecision.Suppress(SuppressionReason.OptedOut,
                    string.Create(CultureInfo.InvariantCulture,
                        $"The recipient opted out of marketing ({marketingOptOut.Rule}) at {marketingOptOut.OccurredAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z."));
            case ConsentPurpose.Marketing when consent.StatusOf(ConsentPurpose.Marketing) == ConsentStatus.OptedIn:
                return consent.ReviewPending ? SendDecision.HoldForReview : SendDecision.Approve;
            case ConsentPurpose.Marketing:
                return SendDecision.Suppress(SuppressionReason.NoMarketingConsent,
                    "The recipient has no recorded opt-in to marketing; marketing needs one.");
            default:
                return SendDecision.Suppress(SuppressionReason.InvalidRequest, $"Unknown message category {request.Category}.");
        }
    }

    /// <summary>
    /// The purpose a send serves: marketing for <see cref="SmsCategory.Marketing"/>; informational for transactional,
    /// conversational and a compliance category claimed from elsewhere; null for a category this version does not know.
    /// </summary>
    public static ConsentPurpose? PurposeOf(SendSms request) => request.Category switch
    {
        SmsCategory.Marketing => ConsentPurpose.Marketing,
        SmsCategory.Transactional or SmsCategory.Conversational or SmsCategory.Compliance => ConsentPurpose.Informational,
        _ => null,
    };

    /// <summary>
    /// The compliance category is reserved for compliance's own replies. A request that claims it from elsewhere is
    /// judged like a transactional message, so the category can never carry a send past an opt-out.
    /// </summary>
    public static bool IsComplianceReply(SendSms request) =>
        request.Category == SmsCategory.Compliance && request.Origin == SmsOrigin.Compliance;

    private static SendDecision? Validate(SendSms request)
    {
        if (!PhoneNumbers.IsE164(request.To))
            return SendDecision.Suppress(SuppressionReason.InvalidRequest,
                "The recipient is not an E.164 phone number (a plus and 7 to 15 digits).");
        if (string.IsNullOrWhiteSpace(request.Text) && request.Media is null)
            return SendDecision.Suppress(SuppressionReason.InvalidRequest, "The message has no text and no picture.");
        return null;
    }
}
