using MassTransit;
using Microsoft.Extensions.Options;
using Sms.Outbound.Carriers;
using Sms.Outbound.Carriers.Resilience;

namespace Sms.Outbound.Consumers;

/// <summary>
/// While the carrier cannot take messages (<see cref="CarrierUnavailableException"/>: circuit open, outage, no
/// rate-limit slot; nothing was sent), a send is retried with growing intervals for a couple of minutes before the
/// bus's general retry (<c>AddSmsMessaging</c>) takes over, so a short outage does not fill the <c>_error</c> queue.
/// </summary>
public sealed class SmsApprovedConsumerDefinition(IOptions<CarrierResilienceOptions> options) : ConsumerDefinition<SmsApprovedConsumer>
{
    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<SmsApprovedConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        var settings = options.Value;
        if (settings.OutageRetryLimit == 0) return;
        var increment = TimeSpan.FromMilliseconds(settings.OutageRetryIncrementMilliseconds);
        consumerConfigurator.UseMessageRetry(r =>
        {
            r.Handle<CarrierUnavailableException>();
            r.Incremental(settings.OutageRetryLimit, increment, increment);
        });
    }
}
