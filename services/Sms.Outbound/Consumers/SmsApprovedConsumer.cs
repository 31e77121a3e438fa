using MassTransit;
using Microsoft.Extensions.Options;
using Sms.Carriers.Segments;
using Sms.Contracts.Compliance;
using Sms.Contracts.Outbound;
using Sms.Outbound.Carriers;
using Sms.Outbound.Carriers.Resilience;
using Sms.Outbound.Data;
using Sms.Outbound.Extensions;
using Sms.Outbound.OptOuts;
using Sms.Outbound.Redelivery;
using Sms.ServiceDefaults.Numbers;
using Sms.ServiceDefaults.Telemetry;

namespace Sms.Outbound.Consumers;

/// <summary>
/// Takes an approved send to the carrier exactly once and reports <see cref="SmsSent"/> or <see cref="SmsSendFailed"/>.
/// The message id is claimed in Redis before the carrier is called; a redelivery finds the claim and does not send
/// (<see cref="RedeliveryDecision"/>: it reports the recorded outcome again, looks again later while another attempt
/// may be mid-call, reports an unknown outcome for a claim left by a sender that stopped mid-call, or takes over and
/// sends a claim left by a sender that stopped before its carrier call, <see cref="ClaimProgress"/>). Each carrier
/// attempt is held to the recipient's opt-outs (<see cref="OptOutFence"/>): a send whose recipient opted out after it
/// was approved is reported as failed, not retryable, with the reason <see cref="OptOutFence.WithheldCode"/>; a text no
/// carrier can take as failed, not retryable, <see cref="UnsendableText.ReasonCode"/>, without calling the carrier; and
/// a message the carrier keeps failing on while it takes others as failed, not retryable,
/// <see cref="RepeatedRejection.ReasonCode"/>.
/// </summary>
public sealed class SmsApprovedConsumer(
    ICarrierClients carriers, SendClaims claims, TimeProvider clock, IOptions<CarrierResilienceOptions> resilience,
    IOptions<SendClaimOptions> claimOptions, ILogger<SmsApprovedConsumer> logger) : IConsumer<SmsApproved>
{
    /// <summary>How long a claim may stay in flight while its sender still runs.</summary>
    private TimeSpan InFlightLimit =>
        RedeliveryDecision.InFlightLimit(resilience.Value.TotalTimeoutSeconds, claimOptions.Value.InFlightMarginSeconds);

    public async Task Consume(ConsumeContext<SmsApproved> context)
    {
        var request = context.Message.Request;
        var carrier = carriers.For(request.From);
        // Not context.CancellationToken: MassTransit cancels it when the broker connection drops (a broker restart), and
        // a carrier call cut short is a send of unknown outcome, never retried: a restart lost every send in flight.
        // The call ends by itself within Outbound:Resilience:TotalTimeoutSeconds; the redelivered message then finds
        // the claim it left, and a service that stops meanwhile leaves the claim in flight (README: "A send's claim").
        var cancellationToken = CancellationToken.None;

        // Published on the bus past every API's check, a text no carrier can take would fail every attempt the same way.
        if (UnsendableText.Reason(request.Text) is { } unsendable)
        {
            logger.SmsRefused(request.MessageId, carrier.Provider, code: null, unsendable);
            OutboundMetrics.RecordFailed(carrier.Provider, "unsendable");
            await PublishFailedAsync(context, carrier, code: null, unsendable, retryable: false);
            return;
        }

        if (UnsendableMedia.Reason(request, carrier.Provider) is { } noPictures)
        {
            logger.SmsRefused(request.MessageId, carrier.Provider, code: null, noPictures);
            OutboundMetrics.RecordFailed(carrier.Provider, "media_unsupported");
            await PublishFailedAsync(context, carrier, code: null, noPictures, retryable: false);
            return;
        }

        var claim = await claims.TryClaimAsync(request.MessageId);
        if (!claim.Acquired)
        {
            claim = await HandleExistingClaimAsync(context, carrier, claim.Existing!);
            if (claim is null) return;
        }

        var sender = string.IsNullOrWhiteSpace(request.From) ? carrier.DefaultSender : request.From;
        CarrierSendResult result;
        try
        {
            result = await carrier.SendAsync(
                new OutboundSms(request.MessageId, sender, request.To, request.Text)
                {
                    Fence = OptOutFence.For(context.Message),
                    MediaUrls = request.Media is { } media ? [media.Url] : [],
                    Progress = new ClaimProgress(claims, claim, InFlightLimit, logger),
                },
                cancellationToken);
        }
        catch (SendWithheldException withheld)
        {
            // Nothing was sent, and a later attempt would be withheld the same way.
            await claims.ReleaseAsync(claim);
            logger.SendWithheld(request.MessageId, withheld.Reason);
            OutboundMetrics.RecordFailed(carrier.Provider, "withheld");
            await PublishFailedAsync(context, carrier, code: null, withheld.Reason, retryable: false);
            return;
        }
        catch
        {
            await claims.ReleaseAsync(claim); // the client throws only when nothing was sent
            throw;
        }

        switch (result)
        {
            case CarrierSendResult.Accepted accepted:
                await ReportSentAsync(context, carrier, claim, PhoneNumbers.Canonical(sender), accepted);
                break;

            case CarrierSendResult.Failed { Error.Retryable: true } failed:
                // Nothing was sent: give the id back; the bus retries until the carrier takes messages again.
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
                await PublishFailedAsync(context, carrier, failed.Error.Code, failed.Error.Reason, retryable: false);
                break;

            case CarrierSendResult.OutcomeUnknown unknown:
                // The request may have reached the carrier (e.g. a timeout after sending) and the SMS API has no
                // idempotency key: a blind retry could text the customer twice. The claim is marked "unknown", so no
                // redelivery sends it and each reports the same failure; the failure says the outcome is unknown and
                // is Retryable so a person (or a later delivery receipt) can decide. The client has logged the details.
                OutboundMetrics.RecordFailed(carrier.Provider, "unknown");
                var unknownOutcome = new UnknownOutcomeRecord(carrier.Provider, unknown.Reason, clock.GetUtcNow(), claim.Token);
                try
                {
                    await claims.MarkUnknownAsync(request.MessageId, claim.Token, unknownOutcome);
                }
                catch (Exception e) when (e is StackExchange.Redis.RedisException or TimeoutException)
                {
                    // The claim stays in flight: it still stops a second send, and a redelivery reports it once stale.
                    logger.MarkUnknownFailed(e, request.MessageId);
                }
                await context.Publish(unknownOutcome.ToEvent(request), cancellationToken);
                break;
        }
    }

    /// <summary>
    /// Another attempt claimed the id first: report what it recorded, wait for it, mark its stale claim unknown, or take
    /// over a claim it left before calling the carrier. Returns the claim to send with; null when this delivery is done.
    /// </summary>
    private async Task<SendClaim?> HandleExistingClaimAsync(ConsumeContext<SmsApproved> context, ICarrierClient carrier, ExistingClaim existing)
    {
        var request = context.Message.Request;
        var limit = InFlightLimit;
        var now = clock.GetUtcNow();
        var age = now - existing.TakenAt;
        switch (RedeliveryDecision.Decide(existing.Status, age, limit))
        {
            case RedeliveryAction.ReportSentAgain:
                // The first report may have been lost with a failed publish; every consumer of SmsSent de-duplicates
                // on the message id.
                logger.DuplicateAlreadySent(request.MessageId);
                await context.Publish(existing.Sent!.ToEvent(request), context.CancellationToken);
                break;

            case RedeliveryAction.ReportUnknownAgain:
                logger.DuplicateOutcomeUnknown(request.MessageId);
                await context.Publish(existing.Unknown!.ToEvent(request), context.CancellationToken);
                break;

            case RedeliveryAction.LookAgainLater:
                // Acknowledging now would lose the message if that attempt dies mid-call; sending would risk a double.
                logger.ClaimedElsewhere(request.MessageId, age?.TotalSeconds, limit.TotalSeconds);
                throw new SendStillInFlightException(request.MessageId, age, limit);

            case RedeliveryAction.MarkOutcomeUnknown:
                var record = new UnknownOutcomeRecord(carrier.Provider, RedeliveryDecision.StoppedMidCallReason(age, limit), now, existing.Value);
                // Only if the claim is still the one found: otherwise its sender (or another delivery) settled it just
                // now, and the next look reports what it recorded.
                if (!await claims.MarkUnknownAsync(request.MessageId, existing.Value, record))
                    throw new SendStillInFlightException(request.MessageId, age, limit);
                logger.StoppedMidCall(request.MessageId, age?.TotalSeconds, limit.TotalSeconds);
                OutboundMetrics.RecordFailed(carrier.Provider, "unknown");
                await context.Publish(record.ToEvent(request), context.CancellationToken);
                break;

            case RedeliveryAction.TakeOver:
                // Only if the claim is still the one found: otherwise its holder moved on, and the next look sees how.
                var taken = await claims.TakeOverAsync(request.MessageId, existing)
                    ?? throw new SendStillInFlightException(request.MessageId, age, limit);
                logger.TookOverReservedClaim(request.MessageId, age?.TotalSeconds);
                return taken;
        }
        return null;
    }

    private async Task ReportSentAsync(
        ConsumeContext<SmsApproved> context, ICarrierClient carrier, SendClaim claim, string from, CarrierSendResult.Accepted accepted)
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
            switch (await claims.RecordSentAsync(claim, record))
            {
                case RecordSentResult.RecordedOverUnknown:
                    logger.SentAfterMarkedUnknown(request.MessageId);
                    break;
                case RecordSentResult.NotOurs:
                    logger.ClaimLostBeforeRecord(request.MessageId);
                    break;
            }
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

    private Task PublishFailedAsync(ConsumeContext<SmsApproved> context, ICarrierClient carrier, string? code, string reason, bool retryable) =>
        context.Publish(new SmsSendFailed
        {
            Request = context.Message.Request,
            Provider = carrier.Provider,
            ErrorCode = code,
            Reason = reason,
            Retryable = retryable,
            FailedAt = clock.GetUtcNow(),
        }, context.CancellationToken);

    /// <summary>
    /// Keeps the send's claim saying how far it got (<see cref="SendClaims"/>: <c>reserved:</c> until the carrier is
    /// called), so an attempt stopped before the call (Redis failing at the rate-limit slot or the opt-out fence, when the
    /// claim cannot be given back either) is known to have sent nothing and its redelivery sends.
    /// </summary>
    private sealed class ClaimProgress(SendClaims claims, SendClaim claim, TimeSpan inFlightLimit, ILogger logger) : ISendProgress
    {
        public async Task CallingCarrierAsync()
        {
            if (!await claims.MarkCallingAsync(claim))
                throw new SendStillInFlightException(claim.MessageId, age: null, inFlightLimit);
        }

        public async Task NothingSentAsync()
        {
            try
            {
                await claims.MarkNotCallingAsync(claim);
            }
            catch (Exception e) when (e is StackExchange.Redis.RedisException or TimeoutException)
            {
                // The result still decides this delivery; only a redelivery after a stop would read the claim as in flight.
                logger.NotCallingUnrecorded(e, claim.MessageId);
            }
        }
    }
}
