using Sms.ServiceDefaults.Numbers;

namespace Sms.Campaigns.Contacts;

/// <summary>
/// Where a number is, as its digits say: its ISO region (segments by country) and the zone of its prefix (the country's
/// main zone when the prefix spans several: <see cref="RecipientTimeZones.MainZoneOf"/>), which a local-time schedule
/// uses until the contact has a zone of its own. Derived
/// once, when the contact's row is created, with the data Compliance's quiet hours use (<see cref="RecipientTimeZones"/>).
/// Pure.
/// </summary>
public readonly record struct NumberPlace(string? Country, string? PrefixTimeZone)
{
    public static NumberPlace Of(string e164Number) => new(
        RecipientTimeZones.RegionOf(e164Number),
        RecipientTimeZones.MainZoneOf(e164Number)?.Id);
}
