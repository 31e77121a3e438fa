using Sms.Compliance.Extensions;
using Sms.Contracts.Outbound;

namespace Sms.Compliance.Consent;

public readonly record struct Deferral(DateTimeOffset Until, string TimeZones);

/// <summary>Whether an approved send must wait for the recipient's window (<see cref="QuietHoursOptions"/>). Pure given the clock.</summary>
public sealed class QuietHoursPolicy
{
    private readonly QuietHoursOptions _options;
    private readonly QuietHours _window;
    private readonly RecipientTimeZones _zones;

    public QuietHoursPolicy(QuietHoursOptions options)
    {
        _options = options;
        _window = new QuietHours(options.Start, options.End);
        _zones = new RecipientTimeZones(TimeZoneInfo.FindSystemTimeZoneById(options.DefaultTimeZone));
    }

    /// <summary>Whether quiet hours hold for this send at all (enabled, and its category is kept to the window).</summary>
    public bool AppliesTo(SendSms request) =>
        _options.Enabled
        && request.Category != SmsCategory.Compliance
        && (_options.Categories ?? QuietHoursOptions.DefaultCategories).Contains(request.Category);

    /// <param name="request">The send.</param>
    /// <param name="now">The time now.</param>
    /// <param name="contactZone">
    /// The recipient's own time zone (a contact attribute) when known: it wins over the zones of the number's prefix.
    /// </param>
    public Deferral? DeferUntil(SendSms request, DateTimeOffset now, TimeZoneInfo? contactZone = null)
    {
        if (!AppliesTo(request)) return null;
        IReadOnlyList<TimeZoneInfo> zones = contactZone is not null ? [contactZone] : _zones.For(request.To);
        return _window.DeferUntil(now, zones) is { } until
            ? new Deferral(until, string.Join(", ", zones.Select(z => z.Id)))
            : null;
    }
}
