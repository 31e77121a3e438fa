using System.Globalization;

namespace Sms.Benchmark.Platform;

/// <summary>
/// The benchmark's phone numbers: E.164 under <c>+999</c>, a country code that is not assigned, so never a real
/// customer. Conversation customers are <c>+99980…</c>, outbound-only recipients <c>+99981…</c>, a campaign's
/// recipients <c>+99982…</c>. Pure.
/// </summary>
public static class Customers
{
    private const string ConversationPrefix = "+99980";
    private const string OutboundPrefix = "+99981";
    private const string CampaignPrefix = "+99982";

    /// <summary>The <paramref name="index"/>-th customer who answers prompts (from 0).</summary>
    public static string Conversation(int index) => ConversationPrefix + index.ToString("D9", CultureInfo.InvariantCulture);

    /// <summary>The <paramref name="index"/>-th recipient of outbound-only sends (from 0).</summary>
    public static string Outbound(int index) => OutboundPrefix + index.ToString("D9", CultureInfo.InvariantCulture);

    /// <summary>The <paramref name="index"/>-th recipient of the campaign step (from 0).</summary>
    public static string Campaign(int index) => CampaignPrefix + index.ToString("D9", CultureInfo.InvariantCulture);

    /// <summary>
    /// Which campaign recipient a number is, with or without its <c>+</c> (the carrier sees Vonage's form, digits only);
    /// null for any other number.
    /// </summary>
    public static int? CampaignIndex(string? number)
    {
        if (number is null) return null;
        var digits = number.AsSpan(number.StartsWith('+') ? 1 : 0);
        var prefix = CampaignPrefix.AsSpan(1);
        return digits.Length == prefix.Length + 9 && digits.StartsWith(prefix, StringComparison.Ordinal)
            && int.TryParse(digits[prefix.Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            ? index
            : null;
    }

    /// <summary>How many prompts each customer gets so <paramref name="conversations"/> replies each find an open session.</summary>
    public static int PromptsPerCustomer(int conversations, int customers) =>
        customers <= 0 ? throw new ArgumentOutOfRangeException(nameof(customers)) : Math.Max(1, (conversations + customers - 1) / customers);
}
