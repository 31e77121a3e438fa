using Sms.Campaigns.Campaigns;
using Sms.Contracts.Compliance;
using Sms.Contracts.Inbound;
using Sms.Contracts.Outbound;

namespace Sms.Campaigns.Tests.Campaigns;

/// <summary>The forward-only moves of a recipient row, and the reasons stored with them.</summary>
public sealed class RecipientProgressTests
{
    [TestCase("published", null, RecipientOutcome.Sent, true)]
    [TestCase("deferred", "until 2026-12-01T22:00:00Z", RecipientOutcome.Sent, true)]
    [TestCase("sent", null, RecipientOutcome.Sent, false)]
    [TestCase("delivered", null, RecipientOutcome.Sent, false)]
    [TestCase("failed", "outcome_unknown", RecipientOutcome.Sent, true)]
    [TestCase("failed", "29", RecipientOutcome.Sent, false)]
    [TestCase("sent", null, RecipientOutcome.Delivered, true)]
    [TestCase("failed", "outcome_unknown", RecipientOutcome.Delivered, true)]
    [TestCase("delivered", null, RecipientOutcome.Delivered, false)]
    [TestCase("suppressed", "opted_out", RecipientOutcome.Delivered, false)]
    [TestCase("sent", null, RecipientOutcome.Failed, true)]
    [TestCase("delivered", null, RecipientOutcome.Failed, false)]
    [TestCase("failed", "outcome_unknown", RecipientOutcome.Failed, true)]
    [TestCase("sent", null, RecipientOutcome.FailedOutcomeUnknown, false)]
    [TestCase("published", null, RecipientOutcome.Suppressed, true)]
    [TestCase("sent", null, RecipientOutcome.Suppressed, false)]
    [TestCase("deferred", "until 2026-12-01T22:00:00Z", RecipientOutcome.Deferred, true)]
    [TestCase("suppressed", "frequency_capped", RecipientOutcome.Deferred, false)]
    public void An_outcome_moves_a_row_only_forward(string state, string? reason, RecipientOutcome outcome, bool moves) =>
        Assert.That(RecipientProgress.Moves(state, reason, outcome), Is.EqualTo(moves));

    [TestCase(DeliveryStatus.Delivered, RecipientOutcome.Delivered)]
    [TestCase(DeliveryStatus.Expired, RecipientOutcome.Failed)]
    [TestCase(DeliveryStatus.Rejected, RecipientOutcome.Failed)]
    [TestCase(DeliveryStatus.Buffered, null)]
    [TestCase(DeliveryStatus.Accepted, null)]
    public void A_receipt_is_delivered_failed_or_a_step_on_the_way(DeliveryStatus status, RecipientOutcome? outcome) =>
        Assert.That(RecipientProgress.OfReceipt(status), Is.EqualTo(outcome));

    [TestCase("29", false, "carrier said no", "29")]
    [TestCase(null, true, "timeout", "outcome_unknown")]
    [TestCase(null, false, "opted_out_after_approval: the recipient opted out of default at …", "opted_out_after_approval")]
    [TestCase(null, false, "Carrier rejected: bad number", "send_failed")]
    public void A_send_failure_is_stored_with_its_code(string? errorCode, bool outcomeUnknown, string reason, string expected) =>
        Assert.That(RecipientProgress.ReasonOf(new SmsSendFailed
        {
            Request = new SendSms { MessageId = Guid.NewGuid(), To = "+447700900001", Text = "x", Category = SmsCategory.Marketing },
            Provider = "vonage", ErrorCode = errorCode, Reason = reason, Retryable = false, OutcomeUnknown = outcomeUnknown,
            FailedAt = DateTimeOffset.UnixEpoch,
        }), Is.EqualTo(expected));

    [TestCase(SuppressionReason.OptedOut, "opted_out")]
    [TestCase(SuppressionReason.NoMarketingConsent, "no_marketing_consent")]
    [TestCase(SuppressionReason.FrequencyCapped, "frequency_capped")]
    public void A_suppression_is_stored_with_its_reason_in_snake_case(SuppressionReason reason, string expected) =>
        Assert.That(RecipientProgress.ReasonOf(reason), Is.EqualTo(expected));

    [TestCase("+447700900123", "GB")]
    [TestCase("+14155550100", "US")]
    [TestCase("+16135550100", "CA")]
    [TestCase("+99912345678901", null)]
    [TestCase("not a number", null)]
    public void The_destination_country_comes_from_the_number(string number, string? country) =>
        Assert.That(DestinationCountry.Of(number), Is.EqualTo(country));
}
