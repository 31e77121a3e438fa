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

    /// <summary>The largest audience file taken (bytes); a larger one is refused whole (413).</summary>
    [Range(1, int.MaxValue)]
    public int MaxAudienceBytes { get; set; } = 20 * 1024 * 1024;

    /// <summary>The most rows an audience file may have (blank lines not counted); more is refused whole (413).</summary>
    [Range(1, int.MaxValue)]
    public int MaxAudienceRows { get; set; } = 1_000_000;
}
