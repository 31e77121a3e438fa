using System.ComponentModel.DataAnnotations;

namespace Sms.Campaigns.Extensions;

/// <summary>The campaign service's settings, bound from <c>Campaigns:*</c>.</summary>
public sealed class CampaignsOptions
{
    public const string Section = "Campaigns";

    /// <summary>The brand scope a segment's consent condition means when it names none (as <c>Compliance:Scope</c>).</summary>
    [Required]
    public string DefaultScope { get; set; } = "default";
}
