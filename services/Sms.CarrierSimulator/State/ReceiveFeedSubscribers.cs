using System.Threading.Channels;
using Sms.CarrierSimulator.Http;

namespace Sms.CarrierSimulator.State;

/// <summary>The open <c>GET /simulator/feed</c> streams; a send is written to each. Thread-safe.</summary>
public sealed class ReceiveFeedSubscribers
{
    private readonly Lock _gate = new();
    private Channel<ReceivedSend>[] _channels = [];

    public bool Any => Volatile.Read(ref _channels).Length > 0;

    public Channel<ReceivedSend> Subscribe()
    {
        var channel = Channel.CreateUnbounded<ReceivedSend>(new UnboundedChannelOptions { SingleReader = true });
        lock (_gate) _channels = [.. _channels, channel];
        return channel;
    }

    public void Unsubscribe(Channel<ReceivedSend> channel)
    {
        lock (_gate) _channels = [.. _channels.Where(c => c != channel)];
        channel.Writer.TryComplete();
    }

    public void Publish(ReceivedSend send)
    {
        foreach (var channel in Volatile.Read(ref _channels)) channel.Writer.TryWrite(send);
    }
}
