using Microsoft.Extensions.Options;
using Sms.Outbound.Carriers;

namespace Sms.Outbound.Extensions;

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

/// <summary>Checked at start: an unknown provider name, or one number given to two providers, stops the service.</summary>
public sealed class CarrierRoutingOptionsValidator : IValidateOptions<CarrierRoutingOptions>
{
    public ValidateOptionsResult Validate(string? name, CarrierRoutingOptions options)
    {
        var problems = CarrierRouting.Problems(options);
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
