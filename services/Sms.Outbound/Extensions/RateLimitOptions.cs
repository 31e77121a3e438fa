using System.ComponentModel.DataAnnotations;

namespace Sms.Outbound.Extensions;

/// <summary>
/// Send rate limits shared by every Outbound instance (through Redis), bound from <c>Outbound:RateLimits:*</c>.
/// A send needs a slot in both its account's window and its sending number's window.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "Outbound:RateLimits";

    /// <summary>Requests per second for one carrier account (Vonage: one API key). Vonage's default is 30.</summary>
    [Range(1, 10_000)] public int PerAccountPerSecond { get; set; } = 30;

    /// <summary>Requests per second for a sending number not listed in <see cref="Numbers"/>.</summary>
    [Range(1, 10_000)] public int DefaultPerNumberPerSecond { get; set; } = 30;

    /// <summary>
    /// Requests per second per sending number, e.g. <c>Outbound__RateLimits__Numbers__447700900000=1</c> (a long code) or
    /// <c>…__Numbers__88888=100</c> (a short code). Keys are the number with or without <c>+</c>, a short code or a sender id.
    /// </summary>
    public Dictionary<string, int> Numbers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Added to the one-second window. A slot is granted in Redis's clock but the request reaches the carrier a little
    /// later, by a delay that varies from request to request; the margin keeps the carrier's own one-second windows
    /// within the limit even when an early grant travels slowly and a later one fast.
    /// </summary>
    [Range(0, 1000)] public int WindowMarginMilliseconds { get; set; } = 100;

    /// <summary>How long one send waits for a slot before giving up (the message then goes back to the bus's retry).</summary>
    [Range(1, 300)] public int MaxWaitSeconds { get; set; } = 10;

    public TimeSpan Window => TimeSpan.FromMilliseconds(1000 + WindowMarginMilliseconds);
}
