using System.Text.RegularExpressions;
using Sms.Contracts.Outbound;

namespace Sms.Campaigns.Content;

/// <summary>A pre-launch warning about a campaign's text: what it is (<see cref="Code"/>), why it matters, and what in the text set it off.</summary>
public sealed record ContentWarning(string Code, string Message, string? Matched);

/// <summary>
/// The pre-launch content check carriers and the CTIA expect of a campaign's text. Warnings, not refusals: an operator
/// may launch anyway, and the campaign records the warnings and who overrode them. Pure.
/// <list type="bullet">
/// <item><c>brand_missing</c>: the text does not name the brand (<c>Campaigns:BrandName</c>); a recipient must know who texts them.</item>
/// <item><c>opt_out_missing</c>: marketing text without opt-out language ("Reply STOP to opt out" and its variants).</item>
/// <item><c>link_shortener</c>: a link on a public shortener (bit.ly, tinyurl.com, …), which carriers filter as spam.</item>
/// <item><c>link_domain</c>: a link outside the platform's own domains (<c>Campaigns:LinkDomains</c>), unless it goes out
/// as a tracked link (<see cref="LinkTracking"/>) on the platform's own tracking host.</item>
/// <item><c>shaft_sex</c>, <c>shaft_hate</c>, <c>shaft_alcohol</c>, <c>shaft_firearms</c>, <c>shaft_tobacco</c>: a word
/// of the SHAFT categories, which carriers hold to age gates and extra review or refuse.</item>
/// <item><c>placeholder_without_fallback</c>: a recipient without the value gets a gap in the text.</item>
/// </list>
/// </summary>
/// <param name="brandName">The brand the text must name; blank: not checked.</param>
/// <param name="linkDomains">The platform's own link domains; a subdomain of one is one of them.</param>
/// <param name="tracking">Link tracking: when on, a link goes out on the tracking host, so its own host is not held to <paramref name="linkDomains"/>.</param>
public sealed partial class ContentCheck(string? brandName, IReadOnlyList<string> linkDomains, LinkTracking? tracking = null)
{
    private readonly LinkTracking _tracking = tracking ?? new LinkTracking(null, null);

    /// <summary>Public link shorteners: carriers filter their links, since anyone's spam can hide behind them.</summary>
    public static readonly IReadOnlyList<string> PublicShorteners =
    [
        "bit.ly", "tinyurl.com", "goo.gl", "t.co", "ow.ly", "is.gd", "buff.ly", "cutt.ly", "rebrand.ly", "shorturl.at",
        "tiny.cc", "rb.gy", "t.ly", "v.gd", "bl.ink", "short.io", "s.id", "lnkd.in", "soo.gd", "clck.ru", "shorte.st",
        "adf.ly", "bitly.com", "tiny.one", "qr.ae", "x.co", "trib.al", "dlvr.it", "snip.ly", "urlz.fr", "1url.com",
    ];

    /// <summary>The SHAFT categories (sex, hate, alcohol, firearms, tobacco with vaping and cannabis) and words of each.</summary>
    public static readonly IReadOnlyDictionary<string, IReadOnlyList<string>> ShaftWords = new Dictionary<string, IReadOnlyList<string>>
    {
        ["sex"] = ["sex", "sexy", "xxx", "porn", "nude", "nudes", "naked", "escort", "erotic", "nsfw", "onlyfans", "hookup", "adult content"],
        ["hate"] = ["nazi", "white power", "white supremacy", "racial purity", "ethnic cleansing", "subhuman"],
        ["alcohol"] = ["alcohol", "beer", "beers", "wine", "wines", "vodka", "whiskey", "whisky", "tequila", "rum", "gin", "liquor",
            "cocktail", "cocktails", "booze", "champagne", "prosecco", "brewery", "happy hour", "shots"],
        ["firearms"] = ["gun", "guns", "firearm", "firearms", "rifle", "rifles", "pistol", "pistols", "handgun", "shotgun", "ammo",
            "ammunition", "ar-15", "glock", "gun show"],
        ["tobacco"] = ["tobacco", "cigarette", "cigarettes", "cigar", "cigars", "vape", "vapes", "vaping", "e-cig", "e-cigarette",
            "juul", "nicotine", "hookah", "cannabis", "marijuana", "weed", "thc", "cbd", "dispensary", "edibles", "kush"],
    };

    private static readonly IReadOnlyList<(string Category, Regex Pattern)> Shaft = ShaftWords
        .Select(c => (c.Key, new Regex(
            @"(?<![\p{L}\p{N}])(" + string.Join("|", c.Value.OrderByDescending(w => w.Length).Select(w => Regex.Escape(w).Replace(@"\ ", @"\s+", StringComparison.Ordinal))) + @")(?![\p{L}\p{N}])",
            RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1))))
        .ToList();

    private readonly IReadOnlyList<string> _linkDomains = linkDomains.Select(d => d.Trim().TrimEnd('.').ToLowerInvariant()).Where(d => d.Length > 0).ToList();

    /// <param name="text">The text as written, placeholders included.</param>
    /// <param name="category">The campaign's category; opt-out language is expected of marketing.</param>
    public IReadOnlyList<ContentWarning> Check(string text, SmsCategory category)
    {
        var warnings = new List<ContentWarning>();
        if (!string.IsNullOrWhiteSpace(brandName) && !NamesBrand(text, brandName))
        {
            warnings.Add(new("brand_missing",
                $"The text does not name the brand ({brandName.Trim()}): carriers and the CTIA expect a message to say who sends it.", null));
        }
        if (category == SmsCategory.Marketing && !HasOptOutLanguage(text))
        {
            warnings.Add(new("opt_out_missing",
                "Marketing text without opt-out language: add \"Reply STOP to opt out\" (or a variant such as \"Text STOP to unsubscribe\").", null));
        }
        // A tracked link shows the tracking host, not the destination's: only the shortener warning still applies to it.
        var links = LinksInText.Find(text);
        var tracked = _tracking.IsOn
            ? links.Where(l => l.Destination is not null).Select(l => l.Host).ToHashSet(StringComparer.Ordinal)
            : [];
        // A link that opens, and a shortener's bare host as well, since it is written to be typed.
        foreach (var host in links.Where(l => l.Opens || IsShortener(l.Host)).Select(l => l.Host).Distinct(StringComparer.Ordinal))
        {
            if (IsShortener(host))
            {
                warnings.Add(new("link_shortener",
                    $"{host} is a public link shortener: carriers filter its links. Link to one of the platform's own domains instead.", host));
            }
            else if (!tracked.Contains(host) && !IsOwnDomain(host))
            {
                warnings.Add(new("link_domain", _linkDomains.Count == 0
                    ? $"{host} is not one of the platform's own link domains (none is configured in Campaigns:LinkDomains)."
                    : $"{host} is not one of the platform's own link domains ({string.Join(", ", _linkDomains)}).", host));
            }
        }
        foreach (var (shaftCategory, pattern) in Shaft)
        {
            var matched = pattern.Matches(text).Select(m => m.Value.ToLowerInvariant()).Distinct(StringComparer.Ordinal).ToList();
            if (matched.Count > 0)
            {
                warnings.Add(new("shaft_" + shaftCategory,
                    $"A word of the SHAFT category '{shaftCategory}': carriers restrict such content (age gates, extra review) or refuse it.",
                    string.Join(", ", matched)));
            }
        }
        foreach (var placeholder in new MessageTemplate(text).Placeholders.Where(p => p.Fallback is null).DistinctBy(p => p.Name.ToLowerInvariant()))
        {
            warnings.Add(new("placeholder_without_fallback",
                $"{placeholder.Written} has no fallback: a recipient without it gets a gap. Write {{{placeholder.Name}|…}}.", placeholder.Written));
        }
        return warnings;
    }

    /// <summary>True when the text carries opt-out language: "Reply STOP to opt out", "Text STOP to unsubscribe", "STOP to end", "Opt out: reply STOP".</summary>
    public static bool HasOptOutLanguage(string text) => OptOutLanguage().IsMatch(text);

    private static bool NamesBrand(string text, string brand)
    {
        var pattern = @"(?<![\p{L}\p{N}])" + Regex.Escape(brand.Trim()).Replace(@"\ ", @"\s+", StringComparison.Ordinal) + @"(?![\p{L}\p{N}])";
        return Regex.IsMatch(text, pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
    }

    private static bool IsShortener(string host) =>
        PublicShorteners.Any(s => host == s || host.EndsWith("." + s, StringComparison.Ordinal));

    private bool IsOwnDomain(string host) =>
        _linkDomains.Any(d => host == d || host.EndsWith("." + d, StringComparison.Ordinal));

    [GeneratedRegex(
        @"\b(?:reply|text|txt|send|respond)(?:\s+with)?\s+[""'“‘]?(?:stop|end|cancel|unsubscribe|quit|stopall|optout)\b" +
        @"|\b(?:stop|unsubscribe)[""'”’]?(?:\s+to\s+|\s*2\s*)(?:opt[\s-]?out|unsubscribe|end|cancel|quit|stop)\b" +
        @"|\bopt[\s-]?out\s*[:\-–—]?\s*(?:reply|text|txt|send)?\s*[""'“‘]?stop\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OptOutLanguage();
}
