using System.Globalization;
using Sms.Compliance.Extensions;
using Sms.Contracts.Outbound;

namespace Sms.Compliance.Consent;

/// <summary>
/// The frequency cap for one brand and number: the rules that all hold (the brand's, and those of the number's
/// <paramref name="Region"/>), none when neither caps marketing.
/// </summary>
public sealed record FrequencyCapRules(IReadOnlyList<FrequencyCapRule> Rules, RegionRules? Region = null)
{
    /// <summary>The longest window: how long a send is remembered.</summary>
    public TimeSpan Longest => Rules.Count == 0 ? TimeSpan.Zero : Rules.Max(r => r.Window);
}

/// <summary>
/// Which sends the marketing frequency cap counts, and the rules of each brand (<see cref="FrequencyCapOptions"/>: the
/// brand's values, else the deployment's, else the defaults). A send counts, and is capped, when it is marketing that
/// does not answer a customer's message: a campaign's or a flow's first message, not the flow's answer to the
/// customer's reply, nor an agent's. Pure; the counting itself is atomic in Redis (<c>Data/FrequencyCapCounter</c>).
/// </summary>
public sealed class FrequencyCaps
{
    private readonly FrequencyCapRules _default;
    private readonly Dictionary<string, FrequencyCapRules> _byBrand = new(StringComparer.Ordinal);

    private readonly Regions _regions;

    public FrequencyCaps(ComplianceOptions program, FrequencyCapOptions deployment, Regions? regions = null)
    {
        _default = Rules(brand: null, deployment);
        foreach (var (name, brand) in program.Brands)
            _byBrand[name] = Rules(brand, deployment);
        _regions = regions ?? Regions.None;
    }

    /// <param name="scope">The brand (consent scope); one without a brand of its own has the deployment's rules.</param>
    public FrequencyCapRules For(string scope) => _byBrand.GetValueOrDefault(scope, _default);

    /// <summary>The brand's rules and, for a number in a region with caps of its own, the region's as well.</summary>
    public FrequencyCapRules For(string scope, string number)
    {
        var brand = For(scope);
        return _regions.Of(number) is { FrequencyCaps.Count: > 0 } region
            ? new FrequencyCapRules([.. brand.Rules, .. region.FrequencyCaps], region)
            : brand;
    }

    /// <summary>Whether the cap counts (and may hold back) this send.</summary>
    public static bool Counts(SendSms request) =>
        request.Category == SmsCategory.Marketing && request.InReplyTo is null && !SendPolicy.IsComplianceReply(request);

    /// <summary>The <c>SmsSuppressed.Detail</c> of a send held back by <paramref name="rule"/>, the next one allowed at <paramref name="nextAllowedAt"/>.</summary>
    public static string Detail(string scope, FrequencyCapRules rules, FrequencyCapRule rule, DateTimeOffset nextAllowedAt) => string.Create(CultureInfo.InvariantCulture,
        $"Frequency cap of {(rules.Region is { } region && region.FrequencyCaps.Contains(rule) ? region.Describe() : scope)}: at most {rule.Messages} marketing message{(rule.Messages == 1 ? "" : "s")} in {Describe(rule.Window)} to one number; " +
        $"the next may go at {nextAllowedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z.");

    /// <summary>"16 hours", "24 hours", "7 days", "90 minutes": days from three days up, as rules are usually written.</summary>
    public static string Describe(TimeSpan window) =>
        window.TotalDays >= 3 && window.TotalDays == Math.Floor(window.TotalDays) ? Plural(window.TotalDays, "day")
        : window.TotalHours >= 1 && window.TotalHours == Math.Floor(window.TotalHours) ? Plural(window.TotalHours, "hour")
        : Plural(Math.Round(window.TotalMinutes), "minute");

    private static string Plural(double count, string unit) =>
        string.Create(CultureInfo.InvariantCulture, $"{count:0} {unit}{(count == 1 ? "" : "s")}");

    private static FrequencyCapRules Rules(BrandOptions? brand, FrequencyCapOptions deployment)
    {
        var own = brand?.FrequencyCaps;
        var enabled = own?.Enabled ?? deployment.Enabled ?? true;
        var rules = own?.Rules ?? deployment.Rules ?? [.. FrequencyCapOptions.DefaultRules];
        return new FrequencyCapRules(enabled ? rules : []);
    }
}
