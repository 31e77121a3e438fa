using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace Sms.Benchmark.Measure;

/// <summary>The deepest a queue was while it was watched, and when (seconds from the start of the watch).</summary>
public sealed record QueueDepth(string Queue, long Messages, double AtSeconds);

/// <summary>
/// Reads how many messages wait in each named queue every second (a passive declare over AMQP: the broker answers
/// with the count; RabbitMQ's management plugin is not needed and not assumed), and keeps each queue's deepest. The
/// names come from deploy/bench.sh (<c>rabbitmqctl list_queues</c> once, after the topology is deployed): listing them
/// every second would start an Erlang VM every second on the machine measured.
/// </summary>
public sealed class QueueDepthSampler : IAsyncDisposable
{
    private readonly IConnection _connection;
    private readonly IReadOnlyList<string> _queues;
    private readonly QueueDepth?[] _deepest;
    private readonly CancellationTokenSource _stop = new();
    private readonly long _startTicks = Load.BenchClock.Now;
    private readonly Task _sampling;
    private IChannel? _channel;

    private QueueDepthSampler(IConnection connection, IReadOnlyList<string> queues, TimeSpan interval)
    {
        _connection = connection;
        _queues = queues;
        _deepest = new QueueDepth?[queues.Count];
        _sampling = Task.Run(() => SampleEveryAsync(interval, _stop.Token));
    }

    public static async Task<QueueDepthSampler> StartAsync(Uri rabbitMq, IReadOnlyList<string> queues, TimeSpan interval, CancellationToken cancellationToken)
    {
        var factory = new ConnectionFactory { Uri = rabbitMq, ClientProvidedName = "sms-benchmark-queue-depth" };
        return new QueueDepthSampler(await factory.CreateConnectionAsync(cancellationToken), queues, interval);
    }

    /// <summary>The deepest queue seen, or null when every queue stayed empty.</summary>
    public QueueDepth? Deepest => DeepestOf(_deepest);

    /// <summary>The queues by their deepest, deepest first, the empty ones left out.</summary>
    public IReadOnlyList<QueueDepth> ByDepth => [.. _deepest.OfType<QueueDepth>().Where(d => d.Messages > 0).OrderByDescending(d => d.Messages)];

    /// <summary>The deepest of <paramref name="depths"/>; null when none held a message. Pure.</summary>
    public static QueueDepth? DeepestOf(IEnumerable<QueueDepth?> depths) =>
        depths.OfType<QueueDepth>().Where(d => d.Messages > 0).MaxBy(d => d.Messages);

    private async Task SampleEveryAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval);
        try
        {
            do
            {
                var at = Math.Round(Load.BenchClock.TicksToMicroseconds(Load.BenchClock.Now - _startTicks) / 1e6, 1);
                for (var i = 0; i < _queues.Count; i++)
                {
                    if (await CountAsync(_queues[i], cancellationToken) is { } messages && messages > (_deepest[i]?.Messages ?? 0))
                        _deepest[i] = new QueueDepth(_queues[i], messages, at);
                }
            } while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>The queue's message count; null when it does not exist (the broker then closes the channel: a new one is opened next time).</summary>
    private async Task<long?> CountAsync(string queue, CancellationToken cancellationToken)
    {
        try
        {
            _channel ??= await _connection.CreateChannelAsync(cancellationToken: cancellationToken);
            return await _channel.MessageCountAsync(queue, cancellationToken);
        }
        catch (OperationInterruptedException)
        {
            _channel = null;
            return null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _sampling;
        _stop.Dispose();
        if (_channel is not null) await _channel.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
