using System.Globalization;
using Sms.Contracts.Compliance;
using Sms.ServiceDefaults.Numbers;

namespace Sms.Outbound.OptOuts;

/// <summary>How a send is held to an opt-out at the carrier, per consent scope (brand) and recipient.</summary>
public abstract record SendFence(string Scope, string Number)
{
    /// <summary>
    /// A send decided on the recipient's consent as of <paramref name="DecidedOnChangeAt"/> (the latest change the
    /// decision saw; null: none). It may not reach the carrier once an opt-out it did not see has been confirmed.
    /// </summary>
    public sealed record Guarded(string Scope, string Number, DateTimeOffset? DecidedOnChangeAt) : SendFence(Scope, Number);

    /// <summary>The reply that confirms the opt-out of <paramref name="OptedOutAt"/>.</summary>
    public sealed record Confirmation(string Scope, string Number, DateTimeOffset OptedOutAt) : SendFence(Scope, Number);
}

/// <summary>
/// Which sends the opt-out fence holds, and when it withholds one. Compliance publishes no approval decided before an
/// opt-out after the approval of the opt-out's confirmation, but Outbound takes approvals concurrently and retries
/// them, so one decided earlier can still be at the carrier's door when the confirmation goes out. So:
/// <list type="bullet">
/// <item>The confirmation (<see cref="SmsApproved.ConfirmsOptOut"/>) records that its opt-out is confirmed, then waits
/// for the sends to the recipient already on their way to the carrier, then goes.</item>
/// <item>Every other send decided on consent (<see cref="SmsApproved.DecidedOn"/>) is checked before each carrier
/// attempt: when an opt-out of its scope and recipient has been confirmed that its decision did not see (the latest
/// change it saw is not later than the opt-out), it is withheld and reported as failed, not retryable.</item>
/// <item>Compliance's other replies (HELP, START), and approvals from a Compliance that predates these fields, are not held.</item>
/// </list>
/// Times compare at the consent ledger's precision (microseconds), as Compliance's ledger orders consent by them. Pure.
/// </summary>
/// <remarks>One half of the "no send after STOP" protocol across Compliance and Outbound: README, "No send after STOP".</remarks>
public static class OptOutFence
{
    /// <summary>The code a withheld send's <c>SmsSendFailed.Reason</c> starts with.</summary>
    public const string WithheldCode = "opted_out_after_approval";

    /// <summary>
    /// How long a confirmed opt-out is remembered: longer than an approval decided before it can stay with Outbound
    /// (bus retries take minutes; a message moved back from the <c>_error</c> queue within a week is still withheld).
    /// Sends decided after a later opt-in are not affected by it, so remembering long costs nothing but a small key.
    /// </summary>
    public static readonly TimeSpan ConfirmedOptOutTimeToLive = TimeSpan.FromDays(7);

    /// <summary>The fence a send is held to; null when it is not held.</summary>
    public static SendFence? For(SmsApproved approved) =>
        approved.ConfirmsOptOut is { } optOut
            ? new SendFence.Confirmation(optOut.Scope, PhoneNumbers.Canonical(optOut.Number), optOut.OptedOutAt)
            : approved.DecidedOn is { } basis
                ? new SendFence.Guarded(basis.Scope, PhoneNumbers.Canonical(approved.Request.To), basis.LatestChangeAt)
                : null;

    /// <param name="send">The send about to be attempted.</param>
    /// <param name="confirmedOptOutAt">The latest opt-out of its scope and recipient whose confirmation has started; null: none.</param>
    public static bool Withholds(SendFence.Guarded send, DateTimeOffset? confirmedOptOutAt) =>
        confirmedOptOutAt is { } optedOut
        && (send.DecidedOnChangeAt is not { } seen || Microseconds(seen) <= Microseconds(optedOut));

    /// <summary>The <c>SmsSendFailed.Reason</c> of a withheld send.</summary>
    public static string WithheldReason(SendFence.Guarded send, DateTimeOffset confirmedOptOutAt) => string.Create(CultureInfo.InvariantCulture,
        $"{WithheldCode}: the recipient opted out of {send.Scope} at {confirmedOptOutAt.UtcDateTime:yyyy-MM-dd HH:mm:ss.ffffff}Z, after this send was approved, and the opt-out's confirmation has been sent; this send was not.");

    /// <summary>Microseconds since the Unix epoch, the unit kept in Redis.</summary>
    public static long Microseconds(DateTimeOffset at) => (at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;

    public static DateTimeOffset FromMicroseconds(long microseconds) => DateTimeOffset.UnixEpoch.AddTicks(microseconds * TimeSpan.TicksPerMicrosecond);
}
