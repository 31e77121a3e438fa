using Sms.Outbound.Extensions;
using Sms.ServiceDefaults.Numbers;

namespace Sms.Outbound.RateLimits;

/// <summary>One sliding window a send must fit in: its Redis key and how many sends it holds.</summary>
public sealed record RateLimit(string Key, int Limit);

/// <summary>Which windows a send needs a slot in. Pure: no I/O.</summary>
public static class SendRateLimits
{
    public const string KeyPrefix = "sms:outbound:rate:";

    /// <summary>
    /// The account's window and the sending number's window. Both keys share a hash tag (<c>{provider}</c>) so the
    /// script that checks them together also works on a Redis cluster.
    /// </summary>
    public static IReadOnlyList<RateLimit> For(string provider, string account, string sender, RateLimitOptions options) =>
    [
        new($"{KeyPrefix}{{{provider}}}:account:{account}", options.PerAccountPerSecond),
        new($"{KeyPrefix}{{{provider}}}:from:{SenderKey(sender)}", PerNumber(sender, options)),
    ];

    /// <summary>The configured limit of a sending number, however it is written, else the default.</summary>
    public static int PerNumber(string sender, RateLimitOptions options)
    {
        var key = SenderKey(sender);
        foreach (var (configured, limit) in options.Numbers)
        {
            if (string.Equals(SenderKey(configured), key, StringComparison.Ordinal)) return limit;
        }
        return options.DefaultPerNumberPerSecond;
    }

    /// <summary>A number as its E.164 digits without <c>+</c>; a short code or sender id trimmed and upper-cased.</summary>
    public static string SenderKey(string sender)
    {
        var canonical = PhoneNumbers.Canonical(sender);
        return canonical.StartsWith('+') ? canonical[1..] : canonical.ToUpperInvariant();
    }
}
