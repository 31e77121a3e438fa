extern alias libphonenumber;
using NumberParseException = libphonenumber::PhoneNumbers.NumberParseException;
using PhoneNumberUtil = libphonenumber::PhoneNumbers.PhoneNumberUtil;

namespace Sms.Campaigns.Campaigns;

/// <summary>
/// The country a message to a number is priced in (ISO 3166, e.g. <c>US</c>): the region libphonenumber places the
/// number in, else the main region of its country code (a number in a new or reserved range still has one); null for a
/// number no region has (e.g. the unassigned <c>+999</c>), which is priced at <c>Campaigns:Prices:Default</c>. Pure.
/// </summary>
public static class DestinationCountry
{
    private const string UnknownRegion = "ZZ";

    public static string? Of(string e164Number)
    {
        try
        {
            var util = PhoneNumberUtil.GetInstance();
            var parsed = util.Parse(e164Number, null);
            var region = util.GetRegionCodeForNumber(parsed);
            if (region is null or UnknownRegion) region = util.GetRegionCodeForCountryCode(parsed.CountryCode);
            return region is null or UnknownRegion ? null : region;
        }
        catch (NumberParseException)
        {
            return null;
        }
    }
}
