extern alias libphonenumber;
using NumberParseException = libphonenumber::PhoneNumbers.NumberParseException;
using PhoneNumberToTimeZonesMapper = libphonenumber::PhoneNumbers.PhoneNumberToTimeZonesMapper;
using PhoneNumberUtil = libphonenumber::PhoneNumbers.PhoneNumberUtil;

namespace Sms.ServiceDefaults.Numbers;

/// <summary>
/// The time zones a phone number may be in, from libphonenumber's geographic data: one for most numbers, several for
/// a number whose prefix spans zones (then quiet hours must hold in each). A number the data does not place is in
/// <paramref name="defaultZone"/>. Shared: Compliance's quiet hours and Campaigns' local-time schedule and segments by
/// country must place a number alike, or a campaign would plan a send for an hour Compliance then defers.
/// </summary>
public sealed class RecipientTimeZones(TimeZoneInfo defaultZone)
{
    private const string Unknown = "Etc/Unknown";

    /// <summary>libphonenumber's region for a number no region has.</summary>
    private const string UnknownRegion = "ZZ";

    public TimeZoneInfo DefaultZone { get; } = defaultZone;

    /// <summary>A prefix that spans more zones than this (e.g. +1 as a whole) places the number nowhere useful.</summary>
    private const int MaxZonesFromPrefix = 4;

    /// <summary>The zones of the number, or <see cref="DefaultZone"/> alone when the data does not place it.</summary>
    public IReadOnlyList<TimeZoneInfo> For(string e164Number) => PrefixZonesOf(e164Number) is { Count: > 0 } zones ? zones : [DefaultZone];

    /// <summary>
    /// The zones the number's prefix lies in (several when it spans zones), empty when the data does not place it (an
    /// unassigned country code, a prefix as wide as a whole country of many zones, text that is no number).
    /// </summary>
    public static IReadOnlyList<TimeZoneInfo> PrefixZonesOf(string e164Number)
    {
        if (Parse(e164Number) is not { } parsed)
            return [];
        var mapper = PhoneNumberToTimeZonesMapper.GetInstance();
        // A number the data does not know as valid (a reserved or new range) is placed by its prefix.
        var zones = Resolve(mapper.GetTimeZonesForNumber(parsed));
        if (zones.Count == 0)
        {
            zones = Resolve(mapper.GetTimeZonesForGeographicalNumber(parsed));
            if (zones.Count > MaxZonesFromPrefix) zones = [];
        }
        return zones;
    }

    /// <summary>
    /// One zone for the number, for a schedule that needs one (a campaign's local time): the zone of its prefix or, when
    /// the prefix spans several, the country's main one among them (the zone of the country's example landline: London
    /// for a UK mobile, whose prefix also spans Guernsey, Jersey and the Isle of Man), else the first. Null when the
    /// data does not place the number.
    /// </summary>
    public static TimeZoneInfo? MainZoneOf(string e164Number)
    {
        var zones = PrefixZonesOf(e164Number);
        if (zones.Count <= 1)
            return zones.FirstOrDefault();
        var example = RegionOf(e164Number) is { } region ? PhoneNumberUtil.GetInstance().GetExampleNumber(region) : null;
        var main = example is null ? [] : Resolve(PhoneNumberToTimeZonesMapper.GetInstance().GetTimeZonesForNumber(example));
        return zones.FirstOrDefault(z => main is [var only] && z.Id == only.Id) ?? zones[0];
    }

    /// <summary>
    /// The ISO 3166 region of the number (<c>US</c>, <c>GB</c>, <c>CA</c>), from its country code and, where several
    /// regions share one (+1, +44, +7), its prefix; null when no region has it.
    /// </summary>
    public static string? RegionOf(string e164Number)
    {
        if (Parse(e164Number) is not { } parsed)
            return null;
        var util = PhoneNumberUtil.GetInstance();
        // A number outside every region's valid ranges still belongs to its country code's main region.
        var region = util.GetRegionCodeForNumber(parsed) ?? util.GetRegionCodeForCountryCode(parsed.CountryCode);
        return region is null or UnknownRegion ? null : region;
    }

    private static libphonenumber::PhoneNumbers.PhoneNumber? Parse(string e164Number)
    {
        try
        {
            return PhoneNumberUtil.GetInstance().Parse(e164Number, null);
        }
        catch (NumberParseException)
        {
            return null;
        }
    }

    private static List<TimeZoneInfo> Resolve(IEnumerable<string> ids) =>
        ids.Where(id => id != Unknown)
            .Select(id => TimeZoneInfo.TryFindSystemTimeZoneById(id, out var zone) ? zone : null)
            .OfType<TimeZoneInfo>()
            .ToList();
}
