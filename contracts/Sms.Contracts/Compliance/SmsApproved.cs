using Sms.Contracts.Outbound;

namespace Sms.Contracts.Compliance;

/// <summary>Event: Compliance allows this send to reach the carrier. Outbound sends nothing else.</summary>
public sealed record SmsApproved
{
    public required SendSms Request { get; init; }

    public required DateTimeOffset ApprovedAt { get; init; }

    /// <summary>
    /// The consent the send was decided on. Null when consent was not consulted (Compliance's own replies, which reach
    /// even an opted-out number) or the approval comes from a Compliance that predates this field. Outbound does not
    /// send an approval decided on consent older than an opt-out of the same scope and number whose confirmation it
    /// has started to send (<see cref="ConfirmsOptOut"/>).
    /// </summary>
    public ConsentBasis? DecidedOn { get; init; }

    /// <summary>
    /// Set on the reply that confirms an opt-out: that opt-out. Outbound sends the reply only after every send to the
    /// number it already had at the carrier has finished, and sends no send decided before the opt-out after it.
    /// </summary>
    public ConfirmedOptOut? ConfirmsOptOut { get; init; }
}

/// <summary>The consent an approval was decided on.</summary>
public sealed record ConsentBasis
{
    /// <summary>The brand (consent scope) of the sending number: an opt-out covers every sending number of its brand.</summary>
    public required string Scope { get; init; }

    /// <summary>
    /// When the latest consent change the decision saw happened (the time the consent ledger orders changes by, as
    /// <see cref="ConfirmedOptOut.OptedOutAt"/>); null when the number had no recorded change in the scope.
    /// </summary>
    public DateTimeOffset? LatestChangeAt { get; init; }
}

/// <summary>The opt-out a reply confirms.</summary>
public sealed record ConfirmedOptOut
{
    /// <summary>The brand (consent scope) the number opted out of.</summary>
    public required string Scope { get; init; }

    /// <summary>The customer's number, E.164.</summary>
    public required string Number { get; init; }

    /// <summary>
    /// When the customer opted out: the time the consent ledger orders changes by (<see cref="OptOutRecorded.RecordedAt"/>
    /// is when the ledger stored it). A send decided on a change at or before it was decided without the opt-out.
    /// </summary>
    public required DateTimeOffset OptedOutAt { get; init; }
}
