using MassTransit;
using Sms.Contracts.Compliance;
using Sms.ServiceDefaults.Messaging.Watchdog;

namespace Sms.Compliance.Data;

/// <summary>
/// The one path of every change to a contact's own time zone (the API, an opt-in naming one, an import): stored
/// (<see cref="ContactTimeZones"/>), then announced as <see cref="ContactTimeZoneChanged"/> so services that schedule by
/// local time (Campaigns) follow it, before the caller answers. A publish that fails fails the request, whose retry
/// stores the same zone and announces it again (consumers keep the newest by <see cref="ContactTimeZoneChanged.ChangedAt"/>).
/// </summary>
public sealed class ContactTimeZoneRecorder(ContactTimeZones store, BusActivity activity, TimeProvider clock)
{
    /// <summary>Sets (or replaces) the number's zone and announces it.</summary>
    public async Task SetAsync(string number, TimeZoneInfo zone, string source, IPublishEndpoint publisher, CancellationToken cancellationToken)
    {
        await store.SetAsync(number, zone, source, cancellationToken);
        await AnnounceAsync(number, zone.Id, publisher, cancellationToken);
    }

    /// <summary>Clears the number's zone and announces it; false (and nothing announced) when it had none.</summary>
    public async Task<bool> ClearAsync(string number, IPublishEndpoint publisher, CancellationToken cancellationToken)
    {
        if (!await store.ClearAsync(number, cancellationToken)) return false;
        await AnnounceAsync(number, null, publisher, cancellationToken);
        return true;
    }

    private Task AnnounceAsync(string number, string? zoneId, IPublishEndpoint publisher, CancellationToken cancellationToken) =>
        activity.TrackPublishAsync(publisher,
            new ContactTimeZoneChanged { Number = number, TimeZone = zoneId, ChangedAt = clock.GetUtcNow() },
            cancellationToken);
}
