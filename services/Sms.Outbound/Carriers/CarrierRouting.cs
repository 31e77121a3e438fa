using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using Sms.Outbound.RateLimits;

namespace Sms.Outbound.Carriers;

/// <summary>
/// Which carrier each sending number goes out through, bound from <c>Carriers:*</c>:
/// <c>Carriers:DefaultProvider=vonage</c> and <c>Carriers:Numbers:+15550100001=twilio</c> (a number with or without
/// <c>+</c>, a short code or a sender id). A send whose sender is not listed, or that names none, uses the default.
/// </summary>
public sealed class CarrierRoutingOptions
{
    public const string Section = "Carriers";

    public string DefaultProvider { get; set; } = CarrierRouting.Vonage;

    public Dictionary<string, string> Numbers { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}

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

/// <summary>Checked at start: an unknown provider name, or one number given to two providers, stops the service.</summary>
internal sealed class CarrierRoutingOptionsValidator : IValidateOptions<CarrierRoutingOptions>
{
    public ValidateOptionsResult Validate(string? name, CarrierRoutingOptions options)
    {
        var problems = CarrierRouting.Problems(options);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}

/// <summary>
/// A carrier's settings are checked at start only when a send can go out through it (<see cref="CarrierRouting.Uses"/>),
/// so a deployment that uses one carrier need not configure the other. Same data-annotation rules, and the default
/// sender must be routed to the carrier it belongs to.
/// </summary>
internal sealed class UsedCarrierOptionsValidator<TOptions>(
    string provider, string section, Func<TOptions, string?> defaultSender, IOptions<CarrierRoutingOptions> routing)
    : IValidateOptions<TOptions> where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        if (!CarrierRouting.Uses(provider, routing.Value)) return ValidateOptionsResult.Success;
        var results = new List<ValidationResult>();
        Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);
        var failures = results.Select(r => $"{section}:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}").ToList();
        if (CarrierRouting.DefaultSenderProblem(provider, defaultSender(options), $"{section}:DefaultFrom", routing.Value) is { } problem)
            failures.Add(problem);
        if (CarrierRouting.ProviderFor(null, routing.Value) == provider && string.IsNullOrWhiteSpace(defaultSender(options)))
            failures.Add($"{section}:DefaultFrom is required: {provider} is Carriers:DefaultProvider, so sends that name no sender go out from it.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
