using Sms.Compliance.Consent;

namespace Sms.Compliance.Data;

/// <summary>
/// Consent changes that do not come from an inbound keyword (agent, API, import): stored in the ledger, then the
/// decision cache invalidated (an opt-out waiting for the sends in flight), before the caller confirms anything.
/// </summary>
public sealed class ConsentRecorder(ConsentLedger ledger, ConsentCache cache)
{
    public async Task<ConsentRecording> RecordAsync(ConsentEvent consentEvent, Guid causeId, CancellationToken cancellationToken)
    {
        var recording = await ledger.RecordAsync(consentEvent, causeId, cancellationToken);
        await cache.InvalidateAsync(consentEvent.Number, consentEvent.Scope, drain: consentEvent.Kind == ConsentKind.OptOut, cancellationToken);
        return recording;
    }
}
