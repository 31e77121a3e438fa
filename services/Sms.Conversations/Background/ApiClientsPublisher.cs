using MassTransit;
using Sms.Conversations.ApiClients;
using Sms.Conversations.Data;

namespace Sms.Conversations.Background;

/// <summary>
/// Publishes the whole list of API clients (<c>ApiClientsChanged</c>) at start, every
/// <see cref="Interval"/>, and at once when asked (<see cref="PublishNowAsync"/>: a client created or revoked, an instance
/// starting). Every instance of every service keeps the newest list, so a lost copy is repaired within a minute and a
/// revocation reaches them all as fast as the broker delivers.
/// </summary>
public sealed partial class ApiClientsPublisher(
    IServiceProvider services, ApiClientStore store, TimeProvider time, ILogger<ApiClientsPublisher> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(60);

    /// <summary>Reads the table and publishes it through <paramref name="publisher"/> (a consumer's context, or the bus).</summary>
    public async Task PublishNowAsync(IPublishEndpoint publisher, CancellationToken cancellationToken)
    {
        // Read the time first: a list read later is never older than one read before it, whichever is published first.
        var listedAt = time.GetUtcNow();
        var rows = await store.ListAsync(cancellationToken);
        await publisher.Publish(ApiClientList.Of(rows, listedAt), cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var bus = services.GetRequiredService<IBus>();
        using var timer = new PeriodicTimer(Interval, time);
        do
        {
            try
            {
                await PublishNowAsync(bus, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                NotPublished(logger, e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    [LoggerMessage(EventId = 5561, Level = LogLevel.Warning, Message = "The list of API clients was not published ({Error}); trying again in a minute")]
    private static partial void NotPublished(ILogger logger, string error);
}
