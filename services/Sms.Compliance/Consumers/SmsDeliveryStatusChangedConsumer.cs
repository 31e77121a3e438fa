using MassTransit;
using Sms.Compliance.Consent;
using Sms.Compliance.Data;
using Sms.Contracts.Inbound;
using Sms.ServiceDefaults.Messaging;

namespace Sms.Compliance.Consumers;

/// <summary>
/// A delivery receipt whose error code means the recipient opted out at the carrier
/// (<see cref="CarrierOptOutSignals.RuleForReceipt"/>) is recorded as an opt-out of the brand of the number the message
/// went from (<see cref="SmsDeliveryStatusChanged.From"/>), as a refused send's is (<see cref="CarrierOptOuts"/>), so
/// that brand's later sends are suppressed. A receipt that does not name the sender (from an older ingress) is recorded
/// in the default scope. A redelivered receipt adds no second row.
/// </summary>
public sealed class SmsDeliveryStatusChangedConsumer(
    CarrierOptOutSignals signals,
    CarrierOptOuts optOuts,
    BrandScopes brands,
    TimeProvider clock) : IConsumer<SmsDeliveryStatusChanged>
{
    public async Task Consume(ConsumeContext<SmsDeliveryStatusChanged> context)
    {
        var receipt = context.Message;
        if (signals.RuleForReceipt(receipt.Provider, receipt.ErrorCode) is not { } rule) return;

        await optOuts.RecordAsync(new CarrierOptOut
        {
            Number = receipt.To,
            Scope = receipt.From is null ? brands.DefaultScope : brands.ScopeFor(receipt.From),
            Rule = rule,
            CauseId = MessageIds.Derive(MessageIds.FromProvider(receipt.Provider, receipt.ProviderMessageId), CarrierOptOuts.Purpose),
            EvidenceMessageId = receipt.MessageId,
            EvidenceText = $"{receipt.Provider} delivery receipt {receipt.ProviderMessageId}: status {receipt.Status}, error {receipt.ErrorCode}",
            OccurredAt = InboundSmsReceivedConsumer.OccurredAt(receipt.OccurredAt, clock.GetUtcNow()),
        }, context, context.CancellationToken);
    }
}
