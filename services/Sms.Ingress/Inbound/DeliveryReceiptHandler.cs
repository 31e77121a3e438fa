using Sms.Contracts.Inbound;
using Sms.Ingress.Data;
using Sms.Ingress.Extensions;
using Sms.Ingress.Publishing;
using Sms.ServiceDefaults.Telemetry;
using StackExchange.Redis;

namespace Sms.Ingress.Inbound;

/// <summary>What became of a delivery receipt, and so how it is answered.</summary>
public enum ReceiptOutcome
{
    /// <summary>Published now. 2xx.</summary>
    Published,

    /// <summary>This status of this message was published before; nothing published now. 2xx.</summary>
    Duplicate,

    /// <summary>Redis did not answer, or the same receipt is being published right now. 503, so the carrier retries.</summary>
    RetryLater,

    /// <summary>The broker did not confirm the publish. 503, so the carrier retries.</summary>
    BrokerUnavailable,
}

/// <summary>
/// Turns a delivery receipt from any carrier webhook (Vonage SMS API, Vonage Messages API, Twilio) into one
/// <see cref="SmsDeliveryStatusChanged"/> per message and status: claimed in Redis under <c>{provider}-status</c> before
/// it is published (<see cref="ProviderMessageClaims"/>, the same two-state claims as inbound messages), so a receipt the
/// carrier sends again, within its retry window or by replay, changes nothing downstream.
/// </summary>
public sealed class DeliveryReceiptHandler(ProviderMessageClaims claims, EdgePublisher publisher, ILogger<DeliveryReceiptHandler> logger)
{
    /// <summary>The claim's provider name: receipts are kept apart from the inbound message ids of the same carrier.</summary>
    public static string ClaimProvider(string provider) => provider + "-status";

    /// <summary>The claim's id: the message and the status as the carrier spelt it (one receipt per status).</summary>
    public static string ClaimId(DeliveryReceipt receipt) => $"{receipt.ProviderMessageId}:{receipt.RawStatus.ToLowerInvariant()}";

    public async Task<ReceiptOutcome> HandleAsync(DeliveryReceipt receipt, CancellationToken cancellationToken)
    {
        var message = receipt.ToMessage();
        ProviderMessageClaim claim;
        try
        {
            var (outcome, held) = await claims.TryClaimAsync(ClaimProvider(receipt.Provider), ClaimId(receipt));
            if (outcome == ClaimOutcome.AlreadyPublished)
            {
                IngressLog.DuplicateStatusCallback(logger, receipt.Provider, receipt.ProviderMessageId, receipt.RawStatus);
                return ReceiptOutcome.Duplicate;
            }
            if (outcome == ClaimOutcome.InProgress) return ReceiptOutcome.RetryLater;
            claim = held!;
        }
        catch (Exception e) when (e is RedisException or RedisTimeoutException)
        {
            IngressMetrics.PublishFailure(nameof(SmsDeliveryStatusChanged), "redis_unavailable");
            IngressLog.RedisUnavailable(logger, e, receipt.ProviderMessageId);
            return ReceiptOutcome.RetryLater;
        }

        if (!await publisher.TryPublishAsync(message, message.MessageId, cancellationToken))
        {
            await UpdateClaimAsync(() => claims.ReleaseAsync(claim), receipt.ProviderMessageId);
            return ReceiptOutcome.BrokerUnavailable;
        }
        await UpdateClaimAsync(() => claims.MarkPublishedAsync(claim), receipt.ProviderMessageId);

        if (!receipt.StatusRecognised)
            IngressLog.UnrecognisedDeliveryStatus(logger, receipt.Provider, receipt.ProviderMessageId, receipt.RawStatus);
        if (receipt.ForeignClientRef is not null)
            IngressLog.ForeignClientRef(logger, receipt.ProviderMessageId, receipt.ForeignClientRef);
        IngressLog.DeliveryReceiptPublished(logger, receipt.ProviderMessageId, message.MessageId, Redact.Phone(receipt.To),
            receipt.Status.ToString(), receipt.ErrorCode);
        return ReceiptOutcome.Published;
    }

    /// <summary>
    /// Releases or completes a claim after the publish; when Redis does not answer, the claim lapses on its own and a
    /// repeat is published again under the same ids, which every consumer de-duplicates on.
    /// </summary>
    private async Task UpdateClaimAsync(Func<Task> update, string providerMessageId)
    {
        try
        {
            await update();
        }
        catch (Exception e) when (e is RedisException or RedisTimeoutException)
        {
            IngressLog.PublishedNotRemembered(logger, e, providerMessageId);
        }
    }
}
