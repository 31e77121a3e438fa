extern alias libphonenumber;
using NumberParseException = libphonenumber::PhoneNumbers.NumberParseException;
using PhoneNumberToTimeZonesMapper = libphonenumber::PhoneNumbers.PhoneNumberToTimeZonesMapper;
using PhoneNumberUtil = libphonenumber::PhoneNumbers.PhoneNumberUtil;

namespace Sms.Compliance.Consent;

/// <summary>
/// The time zones a phone number may be in, from libphonenumber's geographic data: one for most numbers, several for
/// a number whose prefix spans zones (then quiet hours must hold in each). A number the data does not place is in
/// <paramref name="defaultZone"/>.
/// </summary>
public sealed class RecipientTimeZones(TimeZoneInfo defaultZone)
{
    private const string Unknown = "Etc/Unknown";

    public TimeZoneInfo DefaultZone { get; } = defaultZone;

    /// <summary>A prefix that spans more zones than this (e.g. +1 as a whole) places the number nowhere useful.</summary>
    private const int MaxZonesFromPrefix = 4;

    public IReadOnlyList<TimeZoneInfo> For(string e164Number)
    {
        try
        {
            var parsed = PhoneNumberUtil.GetInstance().Parse(e164Number, null);
            var mapper = PhoneNumberToTimeZonesMapper.GetInstance();
            // A number the data does not know as valid (a reserved or new range) is placed by its prefix.
            var zones = Resolve(mapper.GetTimeZonesForNumber(parsed));
            if (zones.Count == 0)
            {
                zones = Resolve(mapper.GetTimeZonesForGeographicalNumber(parsed));
                if (zones.Count > MaxZonesFromPrefix) zones = [];
            }
            return zones.Count > 0 ? zones : [DefaultZone];
        }
        catch (NumberParseException)
        {
            return [DefaultZone];
        }
    }

    private static List<TimeZoneInfo> Resolve(IEnumerable<string> ids) =>
        ids.Where(id => id != Unknown)
            .Select(id => TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : null)
            .OfType<TimeZoneInfo>()
            .ToList();
}
