using MassTransit;
using Sms.Campaigns.Data;
using Sms.Campaigns.Extensions;
using Sms.Contracts.Conversations;

namespace Sms.Campaigns.Background;

/// <summary>
/// A fresh Campaigns fills its contact projection by itself: at start, when the projection holds no contact, it asks
/// Conversations for every contact (<see cref="ContactsRequested"/>, answered with a <see cref="ContactChanged"/> each)
/// once. Consent, zones, last replies and owners come with their next events. Tried again every
/// <see cref="RetryDelay"/> while the database or the bus is not there yet.
/// </summary>
public sealed class ContactBackfill(
    IServiceProvider services, ContactProjection projection, TimeProvider time, IHostEnvironment environment, ILogger<ContactBackfill> logger)
    : BackgroundService
{
    public static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var bus = services.GetRequiredService<IBus>();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await projection.IsEmptyAsync(stoppingToken))
                {
                    await bus.Publish(new ContactsRequested { RequestedBy = environment.ApplicationName, RequestedAt = time.GetUtcNow() }, stoppingToken);
                    logger.ContactsRequested();
                }
                return;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.ContactsRequestFailed(e, RetryDelay);
            }
            await Task.Delay(RetryDelay, time, stoppingToken);
        }
    }
}
