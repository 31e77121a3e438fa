using System.ComponentModel.DataAnnotations;

namespace Sms.Campaigns.Extensions;

/// <summary>The campaign service's settings, bound from <c>Campaigns:*</c>.</summary>
public sealed class CampaignsOptions
{
    public const string Section = "Campaigns";

    /// <summary>The brand scope a segment's consent condition means when it names none (as <c>Compliance:Scope</c>).</summary>
    [Required]
    public string DefaultScope { get; set; } = "default";

    /// <summary>
    /// The brand a campaign's text must name (the content check's <c>brand_missing</c>): carriers and the CTIA expect
    /// a recipient to learn who texts them. Empty: not checked.
    /// </summary>
    public string? BrandName { get; set; }

    /// <summary>
    /// The platform's own link domains (<c>links.example.com</c>; a subdomain of one counts as one). A link elsewhere is
    /// a content warning (<c>link_domain</c>), one on a public shortener always (<c>link_shortener</c>).
    /// </summary>
    public List<string> LinkDomains { get; set; } = [];

    /// <summary>
    /// The public address of the ingress's tracked links, e.g. <c>https://go.example.com/l/</c> (README, "Link clicks"):
    /// with <c>Links:SigningKey</c> set as well, every link of a campaign's text goes out as this address and a code per
    /// recipient, so the results count who clicked. Empty: links go as written, and nobody's clicks are known.
    /// </summary>
    [Url]
    public string? TrackedLinkBase { get; set; }

    /// <summary>The largest audience file taken (bytes); a larger one is refused whole (413).</summary>
    [Range(1, int.MaxValue)]
    public int MaxAudienceBytes { get; set; } = 20 * 1024 * 1024;

    /// <summary>The most rows an audience file may have (blank lines not counted); more is refused whole (413).</summary>
    [Range(1, int.MaxValue)]
    public int MaxAudienceRows { get; set; } = 1_000_000;

    /// <summary>
    /// How long after a campaign message a customer's reply, opt-out or hand-off to a person is still counted as the
    /// campaign's (the message sent to the number most recently wins). 72 hours, as marketing tools attribute replies.
    /// </summary>
    [Range(1, 24 * 90)]
    public int ReplyWindowHours { get; set; } = 72;

    /// <summary>
    /// The price of one sent segment per destination country (ISO 3166 code, e.g. <c>Prices:US</c>), with
    /// <c>Prices:Default</c> for every other country; a campaign's cost is its segments sent times these. Empty: no cost.
    /// </summary>
    public Dictionary<string, decimal> Prices { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The inbox's origins (<c>http://127.0.0.1:5500</c>) whose page may call Campaigns with an inbox pass (CORS; see
    /// <see cref="InboxCors"/>). Empty: none.
    /// </summary>
    public List<string> InboxOrigins { get; set; } = [];

    /// <summary><see cref="ReplyWindowHours"/> as a time span.</summary>
    public TimeSpan ReplyWindow => TimeSpan.FromHours(ReplyWindowHours);

    /// <summary>
    /// The IANA zone a local-time campaign uses for a recipient whose zone nobody knows (no zone of their own, none
    /// from their number's prefix).
    /// </summary>
    [Required]
    public string DefaultTimeZone { get; set; } = "UTC";

    /// <summary>How often the dispatcher runs a round; a campaign's pace is per second, so a second is the longest that makes sense.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:00:01")]
    public TimeSpan DispatchInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The most messages of one campaign published and not yet answered (sent, suppressed, deferred or failed): when the
    /// platform sends slower than the campaign's pace, the rest waits in the campaign's plan, so a pause or cancel leaves
    /// at most this many to go out (<see cref="Campaigns.Pacing"/>). It also bounds the pace the platform can reach:
    /// about this many a second, at most.
    /// </summary>
    [Range(1, 100_000)]
    public int MaxInFlight { get; set; } = 500;

    /// <summary>
    /// How long a published message counts as in flight without an answer: a lost event (or a send whose outcome no one
    /// reported) stops counting after this, so it cannot hold a campaign back for ever.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan InFlightTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a dry run waits for Compliance's answer to one chunk of sends.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan DryRunTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
