using Microsoft.Extensions.Options;
using Sms.Outbound.Extensions;

namespace Sms.Outbound.Carriers;

/// <summary>The carrier client for a send, chosen by its sending number (<see cref="CarrierRouting"/>).</summary>
public interface ICarrierClients
{
    /// <summary>The client (behind the rate limits and resilience) for a send from <paramref name="sender"/>; the default provider's when null.</summary>
    ICarrierClient For(string? sender);
}

/// <summary>Resolves the provider's client, registered under its name (<c>vonage</c>, <c>twilio</c>).</summary>
public sealed class CarrierClients(IServiceProvider services, IOptions<CarrierRoutingOptions> routing) : ICarrierClients
{
    public ICarrierClient For(string? sender) =>
        services.GetRequiredKeyedService<ICarrierClient>(CarrierRouting.ProviderFor(sender, routing.Value));
}
