using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Sms.ServiceDefaults.Messaging.Watchdog;

/// <summary>
/// Asks the broker, on a connection of its own opened for the purpose, whether it answers and how many messages each
/// of the given queues holds ready. A fresh connection cannot be caught in whatever state the bus's own connection is
/// in, so its answer tells a broker that is down from a bus that is stuck.
/// </summary>
public sealed class BrokerProbe(IOptions<RabbitMqOptions> options)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<BrokerProbeResult> ProbeAsync(IReadOnlyCollection<string> queues, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var factory = new ConnectionFactory
        {
            HostName = settings.Host,
            Port = settings.Port,
            VirtualHost = settings.VirtualHost,
            UserName = settings.Username,
            Password = settings.Password,
            RequestedConnectionTimeout = Timeout,
            ContinuationTimeout = Timeout,
            HandshakeContinuationTimeout = Timeout,
            AutomaticRecoveryEnabled = false,
            TopologyRecoveryEnabled = false,
            ClientProvidedName = "sms-bus-watchdog",
        };
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Timeout * 2);
        try
        {
            await using var connection = await factory.CreateConnectionAsync(deadline.Token).WaitAsync(deadline.Token);
            var depths = new Dictionary<string, QueueDepth>(StringComparer.Ordinal);
            foreach (var queue in queues)
            {
                // A passive declare of a queue that is gone closes the channel: one channel per queue.
                await using var channel = await connection.CreateChannelAsync(cancellationToken: deadline.Token).WaitAsync(deadline.Token);
                try
                {
                    var ok = await channel.QueueDeclarePassiveAsync(queue, deadline.Token).WaitAsync(deadline.Token);
                    depths[queue] = new QueueDepth(ok.MessageCount, ok.ConsumerCount);
                }
                catch (OperationInterruptedException)
                {
                    // The queue does not exist (any more): nothing waits in it.
                }
            }
            await connection.CloseAsync(deadline.Token);
            return new BrokerProbeResult(true, null, depths);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            return BrokerProbeResult.Unreachable(e is OperationCanceledException ? $"no answer within {(Timeout * 2).TotalSeconds:0} s" : e.Message);
        }
    }
}
