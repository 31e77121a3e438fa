using System.Collections.Concurrent;
using MassTransit;
using Sms.Contracts.Compliance;
using Sms.Contracts.Inbound;
using Sms.Testing;

namespace Sms.Fuzz.Tests.Platform;

/// <summary>
/// Every inbound message and delivery receipt the ingress publishes during the run, seen from a queue of the test's
/// own on the test virtual host: what reached the bus, to compare with what was signed; and Compliance's decisions on
/// sends and recorded opt-outs, to find every command an endpoint accepted.
/// </summary>
public sealed class BusObserver : IAsyncDisposable
{
    private readonly ConcurrentQueue<InboundSmsReceived> inbound = new();
    private readonly ConcurrentQueue<SmsDeliveryStatusChanged> receipts = new();
    private readonly ConcurrentDictionary<Guid, byte> decidedSends = new();
    private readonly ConcurrentDictionary<string, byte> optedOut = new(StringComparer.Ordinal);
    private IBusControl? bus;

    public IReadOnlyList<InboundSmsReceived> Inbound => inbound.ToList();

    public IReadOnlyList<SmsDeliveryStatusChanged> Receipts => receipts.ToList();

    /// <summary>Whether Compliance decided the send (approved or suppressed).</summary>
    public bool Decided(Guid messageId) => decidedSends.ContainsKey(messageId);

    /// <summary>Whether an opt-out of the number was recorded.</summary>
    public bool OptedOut(string number) => optedOut.ContainsKey(number);

    public async Task StartAsync(RabbitMqAddress rabbit)
    {
        bus = Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(rabbit.Host, (ushort)rabbit.Port, rabbit.VirtualHost, h =>
            {
                h.Username(rabbit.Username);
                h.Password(rabbit.Password);
            });
            cfg.ReceiveEndpoint("fuzz-observer", e =>
            {
                // Only this run's events: nothing kept from an earlier run.
                e.PurgeOnStartup = true;
                e.AutoDelete = true;
                e.Durable = false;
                e.Handler<InboundSmsReceived>(context =>
                {
                    inbound.Enqueue(context.Message);
                    return Task.CompletedTask;
                });
                e.Handler<SmsDeliveryStatusChanged>(context =>
                {
                    receipts.Enqueue(context.Message);
                    return Task.CompletedTask;
                });
                e.Handler<SmsApproved>(context =>
                {
                    decidedSends.TryAdd(context.Message.Request.MessageId, 0);
                    return Task.CompletedTask;
                });
                e.Handler<SmsSuppressed>(context =>
                {
                    decidedSends.TryAdd(context.Message.Request.MessageId, 0);
                    return Task.CompletedTask;
                });
                e.Handler<OptOutRecorded>(context =>
                {
                    optedOut.TryAdd(context.Message.Number, 0);
                    return Task.CompletedTask;
                });
            });
        });
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await bus.StartAsync(cts.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (bus is not null) await bus.StopAsync();
    }
}
