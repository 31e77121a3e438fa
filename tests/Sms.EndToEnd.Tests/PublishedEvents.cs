using Sms.Contracts.Conversations;
using System.Collections.Concurrent;
using MassTransit;
using Sms.Contracts.Compliance;
using Sms.Contracts.Inbound;
using Sms.Contracts.Outbound;
using Sms.Contracts.Routing;
using Sms.Testing;

namespace Sms.EndToEnd.Tests;

/// <summary>Every platform event seen on the bus during the run, recorded by an observer queue of the test's own.</summary>
public sealed class PublishedEvents
{
    private readonly ConcurrentQueue<object> seen = new();
    private readonly ConcurrentDictionary<object, string?> traceContexts = new(ReferenceEqualityComparer.Instance);

    internal async Task<IBusControl> StartObserverAsync(RabbitMqAddress rabbit)
    {
        var bus = MassTransit.Bus.Factory.CreateUsingRabbitMq(cfg =>
        {
            cfg.Host(rabbit.Host, (ushort)rabbit.Port, rabbit.VirtualHost, h =>
            {
                h.Username(rabbit.Username);
                h.Password(rabbit.Password);
            });
            cfg.ReceiveEndpoint("e2e-observer", e =>
            {
                Observe<InboundSmsReceived>(e);
                Observe<SmsDeliveryStatusChanged>(e);
                Observe<InboundSmsAccepted>(e);
                Observe<SmsApproved>(e);
                Observe<SmsSuppressed>(e);
                Observe<OptOutRecorded>(e);
                Observe<OptInRecorded>(e);
                Observe<HelpRequested>(e);
                Observe<SmsSent>(e);
                Observe<SmsSendFailed>(e);
                Observe<ReplyClassified>(e);
                Observe<ConversationEscalated>(e);
                Observe<ConversationOwnerChanged>(e);
            });
        });
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await bus.StartAsync(cts.Token);
        return bus;
    }

    private void Observe<T>(IReceiveEndpointConfigurator endpoint) where T : class =>
        endpoint.Handler<T>((ConsumeContext<T> context) =>
        {
            // MassTransit carries the W3C trace context of the publisher in the MT-Activity-Id header.
            traceContexts[context.Message] = context.Headers.Get<string>("MT-Activity-Id");
            seen.Enqueue(context.Message);
            return Task.CompletedTask;
        });

    /// <summary>The W3C trace context (<c>00-traceid-spanid-flags</c>) the event was published under, if any.</summary>
    public string? TraceContextOf(object message) => traceContexts.GetValueOrDefault(message);

    public IReadOnlyList<T> OfType<T>(Func<T, bool> predicate) => seen.OfType<T>().Where(predicate).ToList();

    /// <summary>Waits until an event of type <typeparamref name="T"/> matching <paramref name="predicate"/> was published.</summary>
    public async Task<T> WaitForAsync<T>(Func<T, bool> predicate, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (DateTime.UtcNow < deadline)
        {
            var match = seen.OfType<T>().FirstOrDefault(predicate);
            if (match is not null) return match;
            await Task.Delay(50);
        }
        throw new AssertionException($"No {typeof(T).Name} matching the condition was published within {(timeout ?? TimeSpan.FromSeconds(20)).TotalSeconds}s. " +
                                     $"Seen: {string.Join(", ", seen.Select(e => e.GetType().Name).GroupBy(n => n).Select(g => $"{g.Key}×{g.Count()}"))}");
    }
}
