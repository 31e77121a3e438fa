using System.Diagnostics.Metrics;
using Sms.ServiceDefaults.Telemetry;

namespace Sms.Ingress.Extensions;

/// <summary>The ingress's counters on the platform meter.</summary>
public static class IngressMetrics
{
    public const string WebhooksRejectedName = "sms.ingress.webhooks.rejected";
    public const string PublishFailedName = "sms.ingress.publish.failed";
    public const string LateRetriesAcceptedName = "sms.ingress.webhooks.late_retries_accepted";
    public const string TextRepairedName = "sms.ingress.text_repaired";
    public const string LinkRequestsName = "sms.ingress.tracked_links.requests";

    private static readonly Counter<long> WebhooksRejected = SmsTelemetry.Meter.CreateCounter<long>(
        WebhooksRejectedName, unit: "{webhook}", description: "Carrier webhooks refused (bad signature, malformed payload); nothing was published for them.");

    private static readonly Counter<long> PublishFailed = SmsTelemetry.Meter.CreateCounter<long>(
        PublishFailedName, unit: "{message}", description: "Publishes to the broker that failed or timed out; the caller was answered 503 (a tracked link's click: redirected, the click not counted).");

    private static readonly Counter<long> LateRetriesAccepted = SmsTelemetry.Meter.CreateCounter<long>(
        LateRetriesAcceptedName, unit: "{webhook}",
        description: "Correctly signed carrier webhooks older than the signature tolerance but within the carrier's retry window, accepted as late retries.");

    private static readonly Counter<long> TextsRepaired = SmsTelemetry.Meter.CreateCounter<long>(
        TextRepairedName, unit: "{message}",
        description: "Inbound messages published with a character replaced so it can be stored and sent (U+0000 as @, an unpaired surrogate as U+FFFD).");

    private static readonly Counter<long> LinkRequests = SmsTelemetry.Meter.CreateCounter<long>(
        LinkRequestsName, unit: "{request}",
        description: "Requests for a campaign's tracked links (/l/{code}) by outcome: counted (a click, published), click_lost (redirected, the click not published), preview (a link-preview robot), head, invalid, unknown, unsafe, unavailable.");

    /// <param name="webhook"><c>inbound</c>, <c>delivery-receipt</c>, <c>messages-inbound</c>, <c>messages-status</c>, <c>twilio-inbound</c> or <c>twilio-status</c>.</param>
    /// <param name="reason">e.g. <c>signature_invalid</c>, <c>invalid_payload</c>.</param>
    public static void WebhookRejected(string webhook, string reason) =>
        WebhooksRejected.Add(1, new KeyValuePair<string, object?>("webhook", webhook), new KeyValuePair<string, object?>("reason", reason));

    public static void PublishFailure(string messageType, string reason) =>
        PublishFailed.Add(1, new KeyValuePair<string, object?>("message_type", messageType), new KeyValuePair<string, object?>("reason", reason));

    public static void LateRetryAccepted(string webhook) =>
        LateRetriesAccepted.Add(1, new KeyValuePair<string, object?>("webhook", webhook));

    /// <param name="provider"><c>vonage</c> or <c>twilio</c>.</param>
    public static void TextRepaired(string provider) =>
        TextsRepaired.Add(1, new KeyValuePair<string, object?>("provider", provider));

    /// <param name="outcome">One of <see cref="Links.TrackedLinkOutcome"/>'s names, as <see cref="Links.TrackedLinkOutcomes.Tag"/> writes it.</param>
    public static void TrackedLinkRequest(string outcome) =>
        LinkRequests.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
}
