using Sms.Compliance.Extensions;
using Sms.ServiceDefaults.Numbers;

namespace Sms.Compliance.Consent;

/// <summary>
/// Which brand (consent scope) a sending number belongs to. An opt-out is recorded for the brand of the number the
/// customer wrote to, and every send from any number of that brand is decided on it. A number no brand names belongs to
/// the deployment's default scope. A send without a sending number goes out from the deployment's default sender
/// (<see cref="ComplianceOptions.DefaultSender"/>), so it belongs to that sender's brand. Pure.
/// </summary>
public sealed class BrandScopes
{
    private readonly Dictionary<string, string> _brandByNumber = new(StringComparer.Ordinal);

    public BrandScopes(ComplianceOptions options)
    {
        DefaultScope = options.Scope;
        var scopes = new HashSet<string>(StringComparer.Ordinal) { options.Scope };
        Scopes = scopes;
        foreach (var (brand, numbers) in options.Brands)
        {
            scopes.Add(brand);
            foreach (var number in numbers.Numbers)
            {
                var key = Key(number);
                if (_brandByNumber.TryGetValue(key, out var other) && other != brand)
                    throw new ArgumentException($"The sending number {number} belongs to two brands, {other} and {brand}.", nameof(options));
                _brandByNumber[key] = brand;
            }
        }
        DefaultSenderScope = string.IsNullOrWhiteSpace(options.DefaultSender) ? DefaultScope : ScopeFor(options.DefaultSender);
    }

    /// <summary>The scope of numbers no brand names (<see cref="ComplianceOptions.Scope"/>).</summary>
    public string DefaultScope { get; }

    /// <summary>The scope of a send without a sending number: the brand of the default sender, else <see cref="DefaultScope"/>.</summary>
    public string DefaultSenderScope { get; }

    /// <summary>Every configured scope: the default and each brand.</summary>
    public IReadOnlySet<string> Scopes { get; }

    /// <param name="sendingNumber">Our number (or sender id) as given, any formatting; null for the default sender.</param>
    public string ScopeFor(string? sendingNumber) =>
        string.IsNullOrWhiteSpace(sendingNumber) ? DefaultSenderScope
        : _brandByNumber.TryGetValue(Key(sendingNumber), out var brand) ? brand
        : DefaultScope;

    /// <summary>Numbers compare in E.164 (+447700900500, 447700900500 and "+44 7700 900500" are one); sender ids by case-insensitive text.</summary>
    private static string Key(string number)
    {
        var canonical = PhoneNumbers.Canonical(number);
        return PhoneNumbers.IsE164(canonical) ? canonical : canonical.ToUpperInvariant();
    }
}
