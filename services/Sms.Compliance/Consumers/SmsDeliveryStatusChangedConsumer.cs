using MassTransit;
using Microsoft.Extensions.Logging;
using Sms.Compliance.Consent;
using Sms.Compliance.Data;
using Sms.Contracts.Compliance;
using Sms.Contracts.Inbound;
using Sms.ServiceDefaults.Messaging;
using Sms.ServiceDefaults.Numbers;
using Sms.ServiceDefaults.Telemetry;

namespace Sms.Compliance.Consumers;

/// <summary>
/// A delivery receipt whose error code means the recipient opted out at the carrier (<see cref="CarrierOptOutSignals"/>)
/// is recorded as an opt-out (source carrier_signal) of the default scope: a receipt does not name our sending number.
/// No confirmation is sent (the carrier would block it). A redelivered receipt adds no second row.
/// </summary>
public sealed class SmsDeliveryStatusChangedConsumer(
    CarrierOptOutSignals signals,
    ConsentRecorder recorder,
    BrandScopes brands,
    TimeProvider clock,
    ILogger<SmsDeliveryStatusChangedConsumer> logger) : IConsumer<SmsDeliveryStatusChanged>
{
    public async Task Consume(ConsumeContext<SmsDeliveryStatusChanged> context)
    {
        var receipt = context.Message;
        if (signals.RuleFor(receipt.Provider, receipt.ErrorCode) is not { } rule) return;
        var number = PhoneNumbers.Canonical(receipt.To);
        if (!PhoneNumbers.IsE164(number)) return;

        var cause = MessageIds.Derive(MessageIds.FromProvider(receipt.Provider, receipt.ProviderMessageId), "carrier-opt-out");
        var recording = await recorder.RecordAsync(new ConsentEvent
        {
            Number = number,
            Scope = brands.DefaultScope,
            Kind = ConsentKind.OptOut,
            Source = ConsentSource.CarrierSignal,
            Rule = rule,
            EvidenceMessageId = receipt.MessageId,
            EvidenceText = $"{receipt.Provider} delivery receipt {receipt.ProviderMessageId}: status {receipt.Status}, error {receipt.ErrorCode}",
            OccurredAt = InboundSmsReceivedConsumer.OccurredAt(receipt.OccurredAt, clock.GetUtcNow()),
        }, cause, context.CancellationToken);

        await context.Publish(new OptOutRecorded
        {
            Number = number,
            Scope = recording.Event.Scope,
            Source = ConsentSource.CarrierSignal,
            Rule = rule,
            RecordedAt = recording.Event.RecordedAt,
        }, p => p.MessageId = MessageIds.Derive(cause, "opt-out-recorded"), context.CancellationToken);
        logger.OptOutRecorded(Redact.Phone(number), rule);
    }
}
