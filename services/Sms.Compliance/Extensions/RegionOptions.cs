namespace Sms.Compliance.Extensions;

/// <summary>
/// A place with rules of its own for marketing, from <c>Compliance:Regions:{name}:*</c>: its numbers (North American
/// area codes), the hours marketing may reach them and how many marketing messages they may get. The regions shipped in
/// <c>Consent/DefaultRegions.cs</c> (US-FL, US-OK, US-MD) are overridden field by field under their own name, or
/// turned off with <see cref="Enabled"/> false; a new name adds a region.
/// </summary>
public sealed class RegionOptions
{
    public bool? Enabled { get; set; }

    /// <summary>The three-digit area codes of +1 numbers in the region (<c>Compliance:Regions:US-FL:AreaCodes:0=305</c>, …).</summary>
    public string[]? AreaCodes { get; set; }

    /// <summary>Local time marketing may start (inclusive), in the recipient's time zone.</summary>
    public TimeOnly? QuietHoursStart { get; set; }

    /// <summary>Local time marketing must stop (exclusive).</summary>
    public TimeOnly? QuietHoursEnd { get; set; }

    /// <summary>Caps that hold in the region on top of the brand's (all of them hold).</summary>
    public FrequencyCapRule[]? FrequencyCaps { get; set; }

    /// <summary>Where the rule comes from, shown with every send it defers or suppresses.</summary>
    public string? Source { get; set; }
}
