using System.Threading.Channels;

namespace Sms.CarrierSimulator.Webhooks;

/// <summary>Receipts waiting to be sent, so <c>/sms/json</c> answers before any receipt goes out.</summary>
public sealed class DeliveryReceiptQueue
{
    public const int Capacity = 100_000;

    private readonly Channel<DeliveryReceiptJob> _jobs = Channel.CreateBounded<DeliveryReceiptJob>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.Wait });

    /// <summary>False when the queue is full (the receipts are dropped and the caller logs it).</summary>
    public bool TryEnqueue(DeliveryReceiptJob job) => _jobs.Writer.TryWrite(job);

    public ChannelReader<DeliveryReceiptJob> Reader => _jobs.Reader;
}
