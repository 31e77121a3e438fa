using Sms.Outbound.Extensions;
using Sms.Outbound.RateLimits;

namespace Sms.Outbound.Carriers;

/// <summary>The routing rules: which provider a sender uses, and what makes a routing table wrong. Pure.</summary>
public static class CarrierRouting
{
    public const string Vonage = "vonage";
    public const string Twilio = "twilio";

    public static IReadOnlyList<string> KnownProviders { get; } = [Vonage, Twilio];

    /// <summary>The provider for a send from <paramref name="sender"/>: its listed provider, else the default.</summary>
    public static string ProviderFor(string? sender, CarrierRoutingOptions options)
    {
        if (!string.IsNullOrWhiteSpace(sender))
        {
            var key = SendRateLimits.SenderKey(sender);
            foreach (var (number, provider) in options.Numbers)
            {
                if (string.Equals(SendRateLimits.SenderKey(number), key, StringComparison.Ordinal)) return Normalise(provider);
            }
        }
        return Normalise(options.DefaultProvider);
    }

    /// <summary>True when some send could go out through <paramref name="provider"/>: it is the default or a number's.</summary>
    public static bool Uses(string provider, CarrierRoutingOptions options) =>
        Normalise(options.DefaultProvider) == provider || options.Numbers.Values.Any(p => Normalise(p) == provider);

    /// <summary>Every problem with the routing table, each naming the setting to fix.</summary>
    public static IReadOnlyList<string> Problems(CarrierRoutingOptions options)
    {
        var problems = new List<string>();
        if (!KnownProviders.Contains(Normalise(options.DefaultProvider)))
            problems.Add($"Carriers:DefaultProvider '{options.DefaultProvider}' is not a known provider ({string.Join(", ", KnownProviders)}).");
        foreach (var (number, provider) in options.Numbers)
        {
            if (!KnownProviders.Contains(Normalise(provider)))
                problems.Add($"Carriers:Numbers:{number} names '{provider}', which is not a known provider ({string.Join(", ", KnownProviders)}).");
        }
        foreach (var group in options.Numbers.GroupBy(n => SendRateLimits.SenderKey(n.Key)).Where(g => g.Select(n => Normalise(n.Value)).Distinct().Count() > 1))
            problems.Add($"Carriers:Numbers lists {string.Join(" and ", group.Select(n => n.Key))}, the same sender, with different providers.");
        return problems;
    }

    /// <summary>
    /// The default provider's default sender (used by every send that names none) must be routed to it: listed under
    /// another provider, those sends would go out through a carrier that does not own the number.
    /// </summary>
    public static string? DefaultSenderProblem(string provider, string? defaultSender, string setting, CarrierRoutingOptions options)
    {
        if (string.IsNullOrWhiteSpace(defaultSender) || ProviderFor(null, options) != provider) return null;
        var routed = ProviderFor(defaultSender, options);
        return routed == provider
            ? null
            : $"{setting} '{defaultSender}' is the default sender of {provider}, the default provider, but Carriers:Numbers routes it to {routed}.";
    }

    private static string Normalise(string? provider) => provider?.Trim().ToLowerInvariant() ?? "";
}
