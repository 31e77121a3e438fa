using MassTransit;
using Sms.Compliance.Consent;
using Sms.Contracts.Compliance;
using Sms.ServiceDefaults.Messaging;

namespace Sms.Compliance.Data;

/// <summary>
/// The one path of every consent change (keyword, phrase, recogniser, review decision, double opt-in, agent, API,
/// import, carrier signal): stored in the ledger, then the decision cache invalidated (an opt-out waiting for the sends
/// in flight), then announced, before the caller confirms anything to anyone.
/// </summary>
/// <remarks>One step of the "no send after STOP" protocol across Compliance and Outbound: README, "No send after STOP".</remarks>
public sealed class ConsentRecorder(ConsentLedger ledger, ConsentCache cache)
{
    /// <summary>The purposes the ids of the published events are derived for, from the change's cause.</summary>
    public const string OptOutRecordedPurpose = "opt-out-recorded";

    public const string OptInRecordedPurpose = "opt-in-recorded";

    public async Task<ConsentRecording> RecordAsync(ConsentEvent consentEvent, Guid causeId, CancellationToken cancellationToken)
    {
        var recording = await ledger.RecordAsync(consentEvent, causeId, cancellationToken);
        await cache.InvalidateAsync(consentEvent.Number, consentEvent.Scope, drain: consentEvent.Kind == ConsentKind.OptOut, cancellationToken);
        return recording;
    }

    /// <summary>
    /// <see cref="RecordAsync"/>, then, when the change is new (<paramref name="causeId"/> not seen before), announces it
    /// as <see cref="OptOutRecorded"/> or <see cref="OptInRecorded"/> with an id derived from the cause, so that services
    /// that follow consent (Conversations, upstream systems) learn of it. The cache is invalidated before the event is
    /// published. A change recorded before is not announced again.
    /// </summary>
    public Task<ConsentRecording> RecordAndAnnounceAsync(
        ConsentEvent consentEvent, Guid causeId, IPublishEndpoint publisher, CancellationToken cancellationToken) =>
        RecordAndAnnounceAsync(consentEvent, causeId, publisher, Announcement.WhenNew, cancellationToken);

    /// <summary>
    /// As above; with <see cref="Announcement.AgainWhenRecordedBefore"/> a change the cause recorded before is announced
    /// again from its ledger row, with the same id (consumers de-duplicate), for a redelivered command whose first
    /// delivery may have stopped between the ledger's commit and the publish.
    /// </summary>
    public async Task<ConsentRecording> RecordAndAnnounceAsync(
        ConsentEvent consentEvent, Guid causeId, IPublishEndpoint publisher, Announcement announce, CancellationToken cancellationToken)
    {
        var recording = await RecordAsync(consentEvent, causeId, cancellationToken);
        // A row recorded before is announced again only when the ledger knows it (Id set): an event has its stored time.
        var announcing = recording.IsNew || (announce == Announcement.AgainWhenRecordedBefore && recording.Event.Id != 0);
        if (!announcing) return recording;

        var recorded = recording.Event;
        // A carrier signal's evidence is the message we sent, not one the customer sent.
        var inboundMessageId = recorded.Source == ConsentSource.CarrierSignal ? null : recorded.EvidenceMessageId;
        if (recorded.Kind == ConsentKind.OptOut)
        {
            await publisher.Publish(new OptOutRecorded
            {
                Number = recorded.Number, Scope = recorded.Scope, Source = recorded.Source, Rule = recorded.Rule,
                InboundMessageId = inboundMessageId, RecordedAt = recorded.RecordedAt, Purposes = recorded.Purposes,
            }, p => p.MessageId = MessageIds.Derive(causeId, OptOutRecordedPurpose), cancellationToken);
        }
        else
        {
            await publisher.Publish(new OptInRecorded
            {
                Number = recorded.Number, Scope = recorded.Scope, Source = recorded.Source, Rule = recorded.Rule,
                InboundMessageId = inboundMessageId, RecordedAt = recorded.RecordedAt, Purposes = recorded.Purposes,
            }, p => p.MessageId = MessageIds.Derive(causeId, OptInRecordedPurpose), cancellationToken);
        }
        return recording;
    }
}

/// <summary>Whether <see cref="ConsentRecorder.RecordAndAnnounceAsync(ConsentEvent, Guid, IPublishEndpoint, Announcement, CancellationToken)"/> announces a change recorded before.</summary>
public enum Announcement
{
    /// <summary>Only a change recorded now.</summary>
    WhenNew,

    /// <summary>Also a change the same cause recorded before: for a bus message, whose redelivery is the only second chance to announce it.</summary>
    AgainWhenRecordedBefore,
}
