using System.Diagnostics.CodeAnalysis;

namespace Sms.Compliance.Consent;

/// <summary>
/// A contact's own time zone, as given through the API or an import: an IANA id (<c>America/Los_Angeles</c>) that this
/// machine's time-zone data knows. Quiet hours use it instead of the zones the number's prefix suggests. Pure.
/// </summary>
public static class ContactTimeZone
{
    /// <summary>The time zone named by <paramref name="id"/>, or why it is not one.</summary>
    public static bool TryParse(string? id, [NotNullWhen(true)] out TimeZoneInfo? zone, [NotNullWhen(false)] out string? error)
    {
        zone = null;
        var trimmed = id?.Trim();
        if (string.IsNullOrEmpty(trimmed))
        {
            error = "Name an IANA time zone, e.g. America/Los_Angeles or Europe/London.";
            return false;
        }
        // Windows ids ("Pacific Standard Time") resolve too on most machines, but are not what we store or export.
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(trimmed, out var found) || !found.HasIanaId)
        {
            error = $"'{Shorten(trimmed)}' is not an IANA time zone id known here, e.g. America/Los_Angeles or Europe/London.";
            return false;
        }
        zone = found;
        error = null;
        return true;
    }

    private static string Shorten(string value) => value.Length <= 64 ? value : value[..64] + "…";
}
