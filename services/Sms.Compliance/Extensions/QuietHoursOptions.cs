using System.ComponentModel.DataAnnotations;
using Sms.Contracts.Outbound;

namespace Sms.Compliance.Extensions;

/// <summary>
/// Quiet hours, from <c>Compliance:QuietHours:*</c>: sends of the listed categories outside the recipient's allowed
/// window (local time in the contact's own time zone when one is set, else the zones of the number) are deferred to
/// the window's next start, durably.
/// </summary>
public sealed class QuietHoursOptions
{
    public const string Section = "Compliance:QuietHours";

    public bool Enabled { get; set; } = true;

    /// <summary>Local time the window opens (inclusive).</summary>
    public TimeOnly Start { get; set; } = new(8, 0);

    /// <summary>Local time the window closes (exclusive).</summary>
    public TimeOnly End { get; set; } = new(21, 0);

    public static readonly IReadOnlyList<SmsCategory> DefaultCategories = [SmsCategory.Marketing];

    /// <summary>
    /// Categories held to the window (<c>Compliance:QuietHours:Categories:0</c>, …); when not configured, marketing
    /// only. List Transactional to hold those too. Compliance replies never are.
    /// </summary>
    public SmsCategory[]? Categories { get; set; }

    /// <summary>IANA zone for numbers the phone-number data does not place (e.g. <c>Europe/London</c>).</summary>
    [Required] public string DefaultTimeZone { get; set; } = "UTC";

    /// <summary>How often deferred sends that are due are looked for.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(5);
}
