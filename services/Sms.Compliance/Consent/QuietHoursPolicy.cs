using Sms.Compliance.Extensions;
using Sms.Contracts.Outbound;
using Sms.ServiceDefaults.Numbers;

namespace Sms.Compliance.Consent;

/// <summary>Until when a send waits, in which zones, and the region whose own window held it (null: none did).</summary>
public readonly record struct Deferral(DateTimeOffset Until, string TimeZones, RegionRules? Region = null);

/// <summary>
/// Whether an approved send must wait for the recipient's window (<see cref="QuietHoursOptions"/>) and, for marketing to
/// a number in a region with hours of its own (<see cref="Regions"/>: Florida's 8:00–20:00, …), for that window too:
/// both must hold. Pure given the clock.
/// </summary>
public sealed class QuietHoursPolicy
{
    private const int MaxSteps = 8;

    private readonly QuietHoursOptions _options;
    private readonly QuietHours _window;
    private readonly RecipientTimeZones _zones;
    private readonly Regions _regions;

    public QuietHoursPolicy(QuietHoursOptions options, Regions? regions = null)
    {
        _options = options;
        _window = new QuietHours(options.Start, options.End);
        _zones = new RecipientTimeZones(TimeZoneInfo.FindSystemTimeZoneById(options.DefaultTimeZone));
        _regions = regions ?? Regions.None;
    }

    /// <summary>Whether quiet hours hold for this send at all (the deployment's for its category, or its region's for marketing).</summary>
    public bool AppliesTo(SendSms request) => AppliesDeploymentWindow(request) || RegionWindow(request) is not null;

    private bool AppliesDeploymentWindow(SendSms request) =>
        _options.Enabled
        && request.Category != SmsCategory.Compliance
        && (_options.Categories ?? QuietHoursOptions.DefaultCategories).Contains(request.Category);

    /// <summary>The region whose own window holds this send: marketing to a number in a region with hours.</summary>
    private RegionRules? RegionWindow(SendSms request) =>
        request.Category == SmsCategory.Marketing && _regions.Of(request.To) is { Window: not null } region ? region : null;

    /// <param name="request">The send.</param>
    /// <param name="now">The time now.</param>
    /// <param name="contactZone">
    /// The recipient's own time zone (a contact attribute) when known: it wins over the zones of the number's prefix.
    /// </param>
    public Deferral? DeferUntil(SendSms request, DateTimeOffset now, TimeZoneInfo? contactZone = null)
    {
        var windows = new List<QuietHours>(2);
        if (AppliesDeploymentWindow(request)) windows.Add(_window);
        var region = RegionWindow(request);
        if (region is not null) windows.Add(region.Window!);
        if (windows.Count == 0) return null;

        IReadOnlyList<TimeZoneInfo> zones = contactZone is not null ? [contactZone] : _zones.For(request.To);
        var at = now;
        RegionRules? heldBy = null;
        // The first moment every window allows: each window moves it on until none does.
        for (var step = 0; step < MaxSteps; step++)
        {
            var moved = false;
            foreach (var window in windows)
            {
                if (window.DeferUntil(at, zones) is not { } until) continue;
                at = until;
                moved = true;
                if (region is not null && ReferenceEquals(window, region.Window)) heldBy = region;
            }
            if (!moved) break;
        }
        return at == now ? null : new Deferral(at, string.Join(", ", zones.Select(z => z.Id)), heldBy);
    }
}
