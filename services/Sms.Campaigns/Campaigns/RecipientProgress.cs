using System.Text.RegularExpressions;
using Sms.Contracts.Compliance;
using Sms.Contracts.Inbound;
using Sms.Contracts.Outbound;

namespace Sms.Campaigns.Campaigns;

/// <summary>What an event about a campaign message says happened to it, as a recipient row's state.</summary>
public enum RecipientOutcome
{
    Sent,
    Delivered,
    Failed,

    /// <summary>The carrier call ended without an answer: the message may have gone; a later sent or receipt is the truth.</summary>
    FailedOutcomeUnknown,
    Suppressed,
    Deferred,
}

/// <summary>
/// How the events about a campaign message move its recipient row (<c>campaigns.recipients.state</c>, README
/// "Campaigns", "Results"). Forward only: events arrive out of order and twice, so each outcome names the states it may
/// replace, and a late or repeated event leaves a row that is further on as it is (a late 'sent' keeps 'delivered';
/// a second 'delivered' changes nothing). A failure whose outcome is unknown is the one failure a later 'sent' or
/// receipt overrides. Pure; <see cref="Data.RecipientResults"/> applies it in the same statement that matches the row.
/// </summary>
public static partial class RecipientProgress
{
    /// <summary>The reason of a failure whose outcome is unknown (<see cref="SmsSendFailed.OutcomeUnknown"/>).</summary>
    public const string OutcomeUnknownReason = "outcome_unknown";

    /// <summary>How a failed row whose outcome is unknown is named in <see cref="MovesFrom"/> (state, colon, reason).</summary>
    public const string FailedOutcomeUnknown = "failed:" + OutcomeUnknownReason;

    private static readonly string[] NotYetSent = ["pending", "published", "deferred", "cancelled"];

    /// <summary>The stored state an outcome writes.</summary>
    public static string StateOf(RecipientOutcome outcome) => outcome switch
    {
        RecipientOutcome.Sent => "sent",
        RecipientOutcome.Delivered => "delivered",
        RecipientOutcome.Failed or RecipientOutcome.FailedOutcomeUnknown => "failed",
        RecipientOutcome.Suppressed => "suppressed",
        RecipientOutcome.Deferred => "deferred",
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };

    /// <summary>
    /// The states a row may be in for <paramref name="outcome"/> to move it: a state name, or
    /// <see cref="FailedOutcomeUnknown"/> for a failed row whose outcome is unknown.
    /// </summary>
    public static IReadOnlyList<string> MovesFrom(RecipientOutcome outcome) => outcome switch
    {
        RecipientOutcome.Sent => [.. NotYetSent, FailedOutcomeUnknown],
        // The message reached the phone: that is the truth whatever was said before, except a refusal to send it.
        RecipientOutcome.Delivered => [.. NotYetSent, "sent", "failed"],
        RecipientOutcome.Failed => [.. NotYetSent, "sent", FailedOutcomeUnknown],
        RecipientOutcome.FailedOutcomeUnknown => NotYetSent,
        RecipientOutcome.Suppressed => NotYetSent,
        // Deferred again (decided again at the end of the window): the new reason replaces the old.
        RecipientOutcome.Deferred => ["pending", "published", "deferred"],
        _ => throw new ArgumentOutOfRangeException(nameof(outcome), outcome, null),
    };

    /// <summary>Whether <paramref name="outcome"/> moves a row in <paramref name="state"/> (with <paramref name="reason"/>).</summary>
    public static bool Moves(string state, string? reason, RecipientOutcome outcome)
    {
        var from = MovesFrom(outcome);
        return from.Contains(state) || from.Contains($"{state}:{reason}");
    }

    /// <summary>A receipt's outcome: delivered, failed (expired, rejected, failed), or null for a step on the way.</summary>
    public static RecipientOutcome? OfReceipt(DeliveryStatus status) => status switch
    {
        DeliveryStatus.Delivered => RecipientOutcome.Delivered,
        DeliveryStatus.Failed or DeliveryStatus.Rejected or DeliveryStatus.Expired => RecipientOutcome.Failed,
        _ => null,
    };

    /// <summary>A failed receipt's reason: the carrier's error code, else the status (<c>expired</c>, <c>rejected</c>, <c>failed</c>).</summary>
    public static string? ReasonOfReceipt(SmsDeliveryStatusChanged receipt) =>
        OfReceipt(receipt.Status) != RecipientOutcome.Failed ? null
        : receipt.ErrorCode is { Length: > 0 } code && code != "0" ? code
        : receipt.Status.ToString().ToLowerInvariant();

    /// <summary>
    /// A send failure's reason: <see cref="OutcomeUnknownReason"/> when the outcome is unknown, else the carrier's error
    /// code, else the code a reason Outbound gave itself starts with (e.g. <c>opted_out_after_approval</c>), else <c>send_failed</c>.
    /// </summary>
    public static string ReasonOf(SmsSendFailed failed) =>
        failed.OutcomeUnknown ? OutcomeUnknownReason
        : failed.ErrorCode is { Length: > 0 } code ? code
        : LeadingCode().Match(failed.Reason) is { Success: true } match ? match.Groups[1].Value
        : "send_failed";

    /// <summary>The outcome of a send failure.</summary>
    public static RecipientOutcome OutcomeOf(SmsSendFailed failed) =>
        failed.OutcomeUnknown ? RecipientOutcome.FailedOutcomeUnknown : RecipientOutcome.Failed;

    /// <summary>A suppression's reason, as stored and counted: <c>opted_out</c>, <c>no_marketing_consent</c>, …</summary>
    public static string ReasonOf(SuppressionReason reason) => SnakeCase().Replace(reason.ToString(), "$1_$2").ToLowerInvariant();

    [GeneratedRegex(@"^([a-z0-9]+(?:_[a-z0-9]+)+)(?::|$)")]
    private static partial Regex LeadingCode();

    [GeneratedRegex("([a-z0-9])([A-Z])")]
    private static partial Regex SnakeCase();
}
