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
    /// The IANA zone a local-time campaign uses for a recipient whose zone nobody knows (no zone of their own, none
    /// from their number's prefix).
    /// </summary>
    [Required]
    public string DefaultTimeZone { get; set; } = "UTC";

    /// <summary>How often the dispatcher runs a round; a campaign's pace is per second, so a second is the longest that makes sense.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:00:01")]
    public TimeSpan DispatchInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a dry run waits for Compliance's answer to one chunk of sends.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan DryRunTimeout { get; set; } = TimeSpan.FromSeconds(60);
}
