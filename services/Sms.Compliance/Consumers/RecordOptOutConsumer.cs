using System.ComponentModel.DataAnnotations;
using MassTransit;
using Microsoft.Extensions.Logging;
using Sms.Compliance.Consent;
using Sms.Compliance.Data;
using Sms.Compliance.Extensions;
using Sms.Contracts.Compliance;
using Sms.ServiceDefaults.Telemetry;

namespace Sms.Compliance.Consumers;

/// <summary>
/// An agent opts a number out from the inbox (<see cref="RecordOptOut"/>), of every purpose or of those it names (marketing
/// alone): recorded in the ledger of the brand of the
/// conversation's business number (source agent, rule <c>agent:{RequestedBy}</c>, the reason as evidence), the decision
/// cache invalidated and the sends in flight waited for, then <see cref="OptOutRecorded"/> published. The same
/// <see cref="RecordOptOut.RequestId"/> twice records once; the second publishes the event again from the ledger row,
/// with the same id (consumers de-duplicate it), in case the first stopped between the ledger and the publish. A command that cannot be recorded (a number
/// that is not E.164, no agent named) is logged and goes to the error queue with the reason, without retries.
/// </summary>
public sealed class RecordOptOutConsumer(
    ConsentRecorder recorder,
    BrandScopes brands,
    TimeProvider clock,
    ILogger<RecordOptOutConsumer> logger) : IConsumer<RecordOptOut>
{
    public async Task Consume(ConsumeContext<RecordOptOut> context)
    {
        var command = context.Message;
        var problems = AgentOptOuts.Problems(command.Number, command.RequestedBy, command.Reason);
        if (problems.Count > 0)
        {
            var reason = string.Join(" ", problems.Select(p => $"{p.Key}: {p.Value}"));
            logger.RecordOptOutRefused(command.RequestId, reason);
            // Not retried (the bus ignores ValidationException); the command is kept in the error queue with the reason.
            throw new ValidationException($"RecordOptOut {command.RequestId} cannot be recorded. {reason}");
        }

        var consentEvent = AgentOptOuts.Event(
            command.Number,
            brands.ScopeFor(command.BusinessNumber),
            command.RequestedBy,
            command.Reason,
            evidenceMessageId: null,
            InboundSmsReceivedConsumer.OccurredAt(command.RequestedAt, clock.GetUtcNow()))
            with { Purposes = command.Purposes is { Count: > 0 } purposes ? purposes : ConsentPurposes.All };
        var recording = await recorder.RecordAndAnnounceAsync(
            consentEvent, command.RequestId, context, Announcement.AgainWhenRecordedBefore, context.CancellationToken);
        if (recording.IsNew) logger.OptOutRecorded(Redact.Phone(consentEvent.Number), consentEvent.Rule);
        else logger.RecordOptOutAlreadyRecorded(command.RequestId);
    }
}
