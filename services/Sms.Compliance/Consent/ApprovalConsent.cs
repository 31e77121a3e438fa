using Sms.Contracts.Compliance;
using Sms.Contracts.Outbound;

namespace Sms.Compliance.Consent;

/// <summary>
/// What an approval tells Outbound about the consent behind it, so that Outbound can keep every send decided before an
/// opt-out from reaching the carrier after the opt-out's confirmation (<see cref="SmsApproved.DecidedOn"/>,
/// <see cref="SmsApproved.ConfirmsOptOut"/>). Pure.
/// </summary>
public static class ApprovalConsent
{
    /// <summary>The scope and latest change a send was decided on; null when consent was not consulted.</summary>
    public static ConsentBasis? Basis(ConsentState? decidedOn) => decidedOn is null
        ? null
        : new ConsentBasis { Scope = decidedOn.Scope, LatestChangeAt = decidedOn.Latest?.OccurredAt };

    /// <summary>
    /// The opt-out a send confirms: Compliance's own reply to the customer's message that caused an opt-out of that
    /// number. Null for any other send (a HELP or START reply, a send that answers no consent change).
    /// </summary>
    /// <param name="request">The approved send.</param>
    /// <param name="answered">The consent change caused by the message the send answers (<see cref="SendSms.InReplyTo"/>), if any.</param>
    public static ConfirmedOptOut? Confirms(SendSms request, ConsentEvent? answered) =>
        SendPolicy.IsComplianceReply(request)
        && answered is { Kind: ConsentKind.OptOut } optOut
        && request.InReplyTo is { } inReplyTo && optOut.EvidenceMessageId == inReplyTo
        && string.Equals(optOut.Number, request.To, StringComparison.Ordinal)
            ? new ConfirmedOptOut { Scope = optOut.Scope, Number = optOut.Number, OptedOutAt = optOut.OccurredAt }
            : null;

    /// <summary>Whether the send may confirm a consent change, so the change its message caused must be looked up.</summary>
    public static bool MayConfirm(SendSms request) => SendPolicy.IsComplianceReply(request) && request.InReplyTo is not null;
}
