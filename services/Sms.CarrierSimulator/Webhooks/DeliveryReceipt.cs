using System.Globalization;
using Sms.CarrierSimulator.SmsApi;
using Sms.CarrierSimulator.State;

namespace Sms.CarrierSimulator.Webhooks;

/// <summary>Receipts still to send for one accepted message: one per part, to <see cref="Target"/>.</summary>
public sealed record DeliveryReceiptJob(Uri Target, SmsSubmission Submission, IReadOnlyList<string> MessageIds, DateTimeOffset AcceptedAt);

/// <summary>
/// Builds the Vonage delivery receipt parameters (carrier-wire-format.md §4) for one part: <c>msisdn</c> is the
/// recipient and <c>to</c> the sender, the reverse of the send. Pure.
/// </summary>
public static class DeliveryReceipt
{
    public const string Delivered = "delivered";

    /// <summary>Where the receipts of a send go: its <c>callback</c>, else the configured URL; null when none are wanted.</summary>
    public static Uri? Target(SmsSubmission submission, bool sendDeliveryReceipts, Uri? configuredUrl)
    {
        if (!sendDeliveryReceipts || !submission.StatusReportRequested) return null;
        return submission.Callback is not null ? new Uri(submission.Callback) : configuredUrl;
    }

    public static Dictionary<string, string> Build(SmsSubmission submission, string messageId, string apiKey, DateTimeOffset acceptedAt, DateTimeOffset deliveredAt)
    {
        var parameters = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["msisdn"] = submission.To,
            ["to"] = submission.From,
            ["network-code"] = SimulatedAccount.Network,
            ["messageId"] = messageId,
            ["price"] = SmsApiResponses.Money(SimulatedAccount.PricePerPart),
            ["status"] = Delivered,
            ["scts"] = acceptedAt.UtcDateTime.ToString("yyMMddHHmm", CultureInfo.InvariantCulture),
            ["err-code"] = "0",
            ["api-key"] = apiKey,
            ["message-timestamp"] = InboundWebhook.MessageTimestamp(deliveredAt),
        };
        if (submission.ClientRef is not null) parameters["client-ref"] = submission.ClientRef;
        return parameters;
    }
}
