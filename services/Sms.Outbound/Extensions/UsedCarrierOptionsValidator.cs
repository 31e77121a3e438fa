using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;
using Sms.Outbound.Carriers;

namespace Sms.Outbound.Extensions;

/// <summary>
/// A carrier's settings are checked at start only when a send can go out through it (<see cref="CarrierRouting.Uses"/>),
/// so a deployment that uses one carrier need not configure the other. Same data-annotation rules, and the default
/// sender must be routed to the carrier it belongs to.
/// </summary>
public sealed class UsedCarrierOptionsValidator<TOptions>(
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
