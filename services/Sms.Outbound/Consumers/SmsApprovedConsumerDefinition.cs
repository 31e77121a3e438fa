using MassTransit;
using Microsoft.Extensions.Options;
using Sms.Outbound.Carriers;
using Sms.Outbound.Extensions;
using Sms.Outbound.Redelivery;

namespace Sms.Outbound.Consumers;

/// <summary>
/// While another attempt holds the message's claim (<see cref="SendStillInFlightException"/>), the delivery looks
/// again every <c>Outbound:SendClaims:InFlightRecheckMilliseconds</c>, until past the time a send may take, so it ends
/// reporting the other attempt's outcome (or an unknown outcome if that attempt stopped), not in the <c>_error</c> queue.
/// This retry runs in the consumer, before the bus's general one (<c>UseSmsMessageRetry</c>), which is also what keeps
/// a send waiting while the carrier cannot take messages (<see cref="CarrierUnavailableException"/>).
/// </summary>
public sealed class SmsApprovedConsumerDefinition(IOptions<CarrierResilienceOptions> options, IOptions<SendClaimOptions> claimOptions)
    : ConsumerDefinition<SmsApprovedConsumer>
{
    protected override void ConfigureConsumer(
        IReceiveEndpointConfigurator endpointConfigurator, IConsumerConfigurator<SmsApprovedConsumer> consumerConfigurator,
        IRegistrationContext context)
    {
        var settings = options.Value;
        var recheck = TimeSpan.FromMilliseconds(claimOptions.Value.InFlightRecheckMilliseconds);
        var inFlightLimit = RedeliveryDecision.InFlightLimit(settings.TotalTimeoutSeconds, claimOptions.Value.InFlightMarginSeconds);
        consumerConfigurator.UseMessageRetry(r =>
        {
            r.Handle<SendStillInFlightException>();
            r.Interval(RedeliveryDecision.LooksNeeded(inFlightLimit, recheck), recheck);
        });
    }
}
