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

    public Deferral? DeferUntil(SendSms request, DateTimeOffset now)
    {
        if (!_options.Enabled || request.Category == SmsCategory.Compliance || !(_options.Categories ?? QuietHoursOptions.DefaultCategories).Contains(request.Category))
            return null;
        var zones = _zones.For(request.To);
        return _window.DeferUntil(now, zones) is { } until
            ? new Deferral(until, string.Join(", ", zones.Select(z => z.Id)))
            : null;
    }
}
