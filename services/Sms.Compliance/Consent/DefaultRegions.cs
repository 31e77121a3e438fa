using Sms.Compliance.Extensions;

namespace Sms.Compliance.Consent;

/// <summary>
/// The regions shipped with rules for marketing texts, each a US state whose law limits telephone solicitation
/// (texts included) to 8:00–20:00 in the recipient's time zone and to three messages in 24 hours on one subject (we
/// count per brand). Area codes as assigned by the North American Numbering Plan Administrator at the time of writing;
/// a new overlay is added in configuration (<c>Compliance:Regions:US-FL:AreaCodes</c>) until the next release. This is
/// not legal advice: the operator owns the rules that apply to its messages.
/// </summary>
public static class DefaultRegions
{
    private static RegionOptions StateLaw(string source, params string[] areaCodes) => new()
    {
        Enabled = true,
        AreaCodes = areaCodes,
        QuietHoursStart = new TimeOnly(8, 0),
        QuietHoursEnd = new TimeOnly(20, 0),
        FrequencyCaps = [new FrequencyCapRule { Messages = 3, Window = TimeSpan.FromHours(24) }],
        Source = source,
    };

    public static readonly IReadOnlyDictionary<string, RegionOptions> All = new Dictionary<string, RegionOptions>(StringComparer.Ordinal)
    {
        ["US-FL"] = StateLaw("Florida Telephone Solicitation Act, Fla. Stat. 501.059",
            "239", "305", "321", "324", "352", "386", "407", "448", "561", "645", "656", "689", "727", "728", "754", "772", "786",
            "813", "850", "863", "904", "941", "954"),
        ["US-OK"] = StateLaw("Oklahoma Telephone Solicitation Act of 2022, 15 O.S. 775C",
            "405", "539", "572", "580", "918"),
        ["US-MD"] = StateLaw("Maryland Stop the Spam Calls Act of 2023, Md. Code Com. Law 14-4501",
            "227", "240", "301", "410", "443", "667"),
    };
}
