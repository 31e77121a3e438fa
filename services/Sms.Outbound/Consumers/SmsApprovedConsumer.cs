using MassTransit;
using Sms.Carriers.Segments;
using Sms.Contracts.Compliance;
using Sms.Contracts.Outbound;
using Sms.Outbound.Carriers;
using Sms.Outbound.Data;
using Sms.Outbound.Telemetry;
using Sms.ServiceDefaults.Numbers;
using Sms.ServiceDefaults.Telemetry;

namespace Sms.Outbound.Consumers;

/// <summary>
/// Takes an approved send to the carrier exactly once and reports <see cref="SmsSent"/> or <see cref="SmsSendFailed"/>.
/// The message id is claimed in Redis before the carrier is called; a redelivery finds the claim and does not send.
/// </summary>
public sealed class SmsApprovedConsumer(
    ICarrierClient carrier, SendClaims claims, TimeProvider clock, ILogger<SmsApprovedConsumer> logger) : IConsumer<SmsApproved>
{
    public async Task Consume(ConsumeContext<SmsApproved> context)
    {
        var request = context.Message.Request;
        var cancellationToken = context.CancellationToken;

        var claim = await claims.TryClaimAsync(request.MessageId);
        if (!claim.Acquired)
        {
            // Already sent: report it again (the first report may have been lost with a failed publish; every
            // consumer of SmsSent de-duplicates on the message id). Claimed but not recorded: do nothing.
            if (claim.AlreadySent is { } earlier)
            {
                logger.DuplicateAlreadySent(request.MessageId);
                await context.Publish(earlier.ToEvent(request), cancellationToken);
            }
            else
            {
                logger.DuplicateInFlight(request.MessageId);
            }
            return;
        }

        var sender = string.IsNullOrWhiteSpace(request.From) ? carrier.DefaultSender : request.From;
        CarrierSendResult result;
        try
        {
            result = await carrier.SendAsync(new OutboundSms(request.MessageId, sender, request.To, request.Text), cancellationToken);
        }
        catch
        {
            await claims.ReleaseAsync(claim); // the client throws only when nothing was sent
            throw;
        }

        switch (result)
        {
            case CarrierSendResult.Accepted accepted:
                await ReportSentAsync(context, claim, PhoneNumbers.Canonical(sender), accepted);
                break;

            case CarrierSendResult.Failed { Error.Retryable: true } failed:
                // Nothing was sent: give the id back and let the bus retry; the last retry leaves it in _error.
                await claims.ReleaseAsync(claim);
                logger.CarrierUnavailable(request.MessageId, carrier.Provider, failed.Error.Code, failed.Error.Reason);
                OutboundMetrics.RecordFailed(carrier.Provider, "unavailable");
                throw new CarrierUnavailableException(carrier.Provider, failed.Error);

            case CarrierSendResult.Failed failed:
                // Nothing was sent and sending again would fail the same way. The claim is given back so that a
                // deliberate resend of the same id (after fixing the account, say) is not silently swallowed.
                await claims.ReleaseAsync(claim);
                logger.SmsRefused(request.MessageId, carrier.Provider, failed.Error.Code, failed.Error.Reason);
                OutboundMetrics.RecordFailed(carrier.Provider, "refused");
                await PublishFailedAsync(context, failed.Error.Code, failed.Error.Reason, retryable: false);
                break;

            case CarrierSendResult.OutcomeUnknown unknown:
                // The request may have reached the carrier (e.g. a timeout after sending) and the SMS API has no
                // idempotency key: a blind retry could text the customer twice. The claim stays, so no redelivery
                // sends it; the failure says the outcome is unknown and is Retryable so a person (or a later delivery
                // receipt) can decide. The client has logged the details.
                OutboundMetrics.RecordFailed(carrier.Provider, "unknown");
                await PublishFailedAsync(context, null, unknown.Reason, retryable: true);
                break;
        }
    }

    private async Task ReportSentAsync(ConsumeContext<SmsApproved> context, SendClaim claim, string from, CarrierSendResult.Accepted accepted)
    {
        var request = context.Message.Request;
        if (accepted.RejectedParts.Count > 0)
        {
            var first = accepted.RejectedParts[0];
            logger.SmsPartlyAccepted(request.MessageId, carrier.Provider, accepted.ProviderMessageIds.Count,
                accepted.RejectedParts.Count, first.Code, first.Reason);
        }

        var segments = SmsSegments.Measure(request.Text);
        var encoding = segments.Encoding == SmsTextEncoding.Ucs2 ? SmsEncoding.Ucs2 : SmsEncoding.Gsm7;
        var record = new SentRecord(carrier.Provider, from, accepted.ProviderMessageIds, segments.Segments, encoding, clock.GetUtcNow());
        try
        {
            await claims.RecordSentAsync(claim, record);
        }
        catch (Exception e) when (e is StackExchange.Redis.RedisException or TimeoutException)
        {
            // The claim itself still stops a second send; only the replay of SmsSent on redelivery is lost.
            logger.RecordFailed(e, request.MessageId);
        }

        logger.SmsSent(request.MessageId, carrier.Provider, Redact.Phone(request.To), segments.Segments, encoding.ToString());
        OutboundMetrics.RecordSent(carrier.Provider, encoding.ToString(), segments.Segments);
        await context.Publish(record.ToEvent(request), context.CancellationToken);
    }

    private Task PublishFailedAsync(ConsumeContext<SmsApproved> context, string? code, string reason, bool retryable) =>
        context.Publish(new SmsSendFailed
        {
            Request = context.Message.Request,
            Provider = carrier.Provider,
            ErrorCode = code,
            Reason = reason,
            Retryable = retryable,
            FailedAt = clock.GetUtcNow(),
        }, context.CancellationToken);
}
