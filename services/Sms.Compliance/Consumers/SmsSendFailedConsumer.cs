using MassTransit;
using Sms.Compliance.Consent;
using Sms.Compliance.Data;
using Sms.Contracts.Outbound;
using Sms.ServiceDefaults.Messaging;

namespace Sms.Compliance.Consumers;

/// <summary>
/// A send the carrier refused with an error code that means the recipient opted out at the carrier (Twilio 21610,
/// <see cref="CarrierOptOutSignals.RuleForSendError"/>) is recorded as an opt-out of the brand of the number the send
/// went from, as a delivery receipt's is (<see cref="CarrierOptOuts"/>). A redelivered failure adds no second row.
/// </summary>
public sealed class SmsSendFailedConsumer(
    CarrierOptOutSignals signals,
    CarrierOptOuts optOuts,
    BrandScopes brands,
    TimeProvider clock) : IConsumer<SmsSendFailed>
{
    public async Task Consume(ConsumeContext<SmsSendFailed> context)
    {
        var failed = context.Message;
        if (signals.RuleForSendError(failed.Provider, failed.ErrorCode) is not { } rule) return;

        await optOuts.RecordAsync(new CarrierOptOut
        {
            Number = failed.Request.To,
            // The sender the carrier refused for: a send without From went from the default sender.
            Scope = brands.ScopeFor(failed.Request.From),
            Rule = rule,
            CauseId = MessageIds.Derive(failed.Request.MessageId, CarrierOptOuts.Purpose),
            EvidenceMessageId = failed.Request.MessageId,
            EvidenceText = $"{failed.Provider} refused send {failed.Request.MessageId}: error {failed.ErrorCode}, {failed.Reason}",
            OccurredAt = InboundSmsReceivedConsumer.OccurredAt(failed.FailedAt, clock.GetUtcNow()),
        }, context, context.CancellationToken);
    }
}
