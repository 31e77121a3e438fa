using Sms.Compliance.Extensions;

namespace Sms.Compliance.Consent;

/// <summary>One region's rules for marketing: its window (null: none of its own) and its caps.</summary>
public sealed record RegionRules(string Name, QuietHours? Window, IReadOnlyList<FrequencyCapRule> FrequencyCaps, string Source)
{
    /// <summary>"US-FL (08:00–20:00, Florida Telephone Solicitation Act, …)" for a deferral's or suppression's detail.</summary>
    public string Describe() => Window is { } window
        ? $"{Name}: {window.WindowStart:HH\\:mm}–{window.WindowEnd:HH\\:mm}, {Source}"
        : $"{Name}: {Source}";
}

/// <summary>
/// Which region's marketing rules hold for a recipient: the shipped regions (<see cref="DefaultRegions"/>) with the
/// deployment's changes (<see cref="ComplianceOptions.Regions"/>), found by the area code of a +1 number. Pure.
/// </summary>
public sealed class Regions
{
    private readonly Dictionary<string, RegionRules> _byAreaCode = new(StringComparer.Ordinal);

    public static Regions None { get; } = new(new Dictionary<string, RegionOptions>());

    public Regions(IReadOnlyDictionary<string, RegionOptions> configured)
    {
        foreach (var name in DefaultRegions.All.Keys.Union(configured.Keys, StringComparer.Ordinal))
        {
            var shipped = DefaultRegions.All.GetValueOrDefault(name);
            var own = configured.GetValueOrDefault(name);
            if (!(own?.Enabled ?? shipped?.Enabled ?? true)) continue;
            var start = own?.QuietHoursStart ?? shipped?.QuietHoursStart;
            var end = own?.QuietHoursEnd ?? shipped?.QuietHoursEnd;
            var rules = new RegionRules(
                name,
                start is { } s && end is { } e && s != e ? new QuietHours(s, e) : null,
                own?.FrequencyCaps ?? shipped?.FrequencyCaps ?? [],
                own?.Source ?? shipped?.Source ?? "configured");
            foreach (var code in own?.AreaCodes ?? shipped?.AreaCodes ?? [])
            {
                if (_byAreaCode.TryGetValue(code.Trim(), out var other) && other.Name != name)
                    throw new ArgumentException($"The area code {code} belongs to two regions, {other.Name} and {name}.", nameof(configured));
                _byAreaCode[code.Trim()] = rules;
            }
        }
    }

    /// <summary>The region of an E.164 number; null when no region's rules hold for it.</summary>
    public RegionRules? Of(string number) =>
        number.Length == 12 && number.StartsWith("+1", StringComparison.Ordinal)
            ? _byAreaCode.GetValueOrDefault(number.Substring(2, 3))
            : null;
}
