using MassTransit;
using Sms.Compliance.Consent;
using Sms.Compliance.Extensions;
using Sms.Contracts.Compliance;
using Sms.ServiceDefaults.Numbers;
using Sms.ServiceDefaults.Telemetry;

namespace Sms.Compliance.Data;

/// <summary>An opt-out a carrier signalled (a delivery receipt's or a refused send's error code), ready to record.</summary>
public sealed record CarrierOptOut
{
    /// <summary>The customer's number as the carrier or the send gave it; recorded in E.164.</summary>
    public required string Number { get; init; }

    public required string Scope { get; init; }

    /// <summary>The rule that fired (<see cref="CarrierOptOutSignals"/>), e.g. <c>carrier:twilio:21610</c>.</summary>
    public required string Rule { get; init; }

    /// <summary>The signal's own id, derived from the receipt or the send: the same signal twice records once.</summary>
    public required Guid CauseId { get; init; }

    /// <summary>Our message the carrier answered about, when known.</summary>
    public Guid? EvidenceMessageId { get; init; }

    /// <summary>What the carrier said, kept as evidence.</summary>
    public required string EvidenceText { get; init; }

    public required DateTimeOffset OccurredAt { get; init; }
}

/// <summary>
/// Records a carrier's opt-out signal (source carrier_signal) and announces it as <see cref="OptOutRecorded"/>, for
/// the delivery-receipt and the refused-send consumers alike. No confirmation is sent (the carrier would block it). The
/// same signal twice adds no second row; its event is published again with the same id, in case the first delivery
/// stopped before the publish. A number that is not E.164 is not recorded.
/// </summary>
public sealed class CarrierOptOuts(ConsentRecorder recorder, ILogger<CarrierOptOuts> logger)
{
    public const string Purpose = "carrier-opt-out";

    public async Task RecordAsync(CarrierOptOut signal, IPublishEndpoint publisher, CancellationToken cancellationToken)
    {
        var number = PhoneNumbers.Canonical(signal.Number);
        if (!PhoneNumbers.IsE164(number)) return;

        var recording = await recorder.RecordAndAnnounceAsync(new ConsentEvent
        {
            Number = number,
            Scope = signal.Scope,
            Kind = ConsentKind.OptOut,
            Source = ConsentSource.CarrierSignal,
            Rule = signal.Rule,
            EvidenceMessageId = signal.EvidenceMessageId,
            EvidenceText = signal.EvidenceText,
            OccurredAt = signal.OccurredAt,
        }, signal.CauseId, publisher, Announcement.AgainWhenRecordedBefore, cancellationToken);
        if (recording.IsNew) logger.OptOutRecorded(Redact.Phone(number), signal.Rule);
        else logger.CarrierOptOutAlreadyRecorded(Redact.Phone(number), signal.Rule);
    }
}
