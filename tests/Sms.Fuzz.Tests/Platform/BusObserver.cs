using System.Collections.Concurrent;
using MassTransit;
using Sms.Contracts.Inbound;
using Sms.Testing;

namespace Sms.Fuzz.Tests.Platform;

/// <summary>
/// Every inbound message and delivery receipt the ingress publishes during the run, seen from a queue of the test's
/// own on the test virtual host: what reached the bus, to compare with what was signed.
/// </summary>
public sealed class BusObserver : IAsyncDisposable
{
    private readonly ConcurrentQueue<InboundSmsReceived> inbound = new();
    private readonly ConcurrentQueue<SmsDeliveryStatusChanged> receipts = new();
    private IBusControl? bus;

    public IReadOnlyList<InboundSmsReceived> Inbound => inbound.ToList();

    public IReadOnlyList<SmsDeliveryStatusChanged> Receipts => receipts.ToList();

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
