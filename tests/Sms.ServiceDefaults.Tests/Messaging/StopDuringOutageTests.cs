using System.Collections.Concurrent;
using Microsoft.Extensions.Configuration;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Sms.ServiceDefaults.Messaging;
using Sms.Testing;
using StackExchange.Redis;

namespace Sms.ServiceDefaults.Tests.Messaging;

/// <summary>
/// A service built with <c>AddSmsMessaging</c> on the real RabbitMQ, stopped while one of its messages waits out an
/// outage, then started again with the outage over.
/// </summary>
public class StopDuringOutageTests
{
    public sealed record Reminder
    {
        public required Guid Id { get; init; }
    }

    /// <summary>What the consumer does: fail as if Redis were down, or take the message.</summary>
    private sealed class Dependency
    {
        public volatile bool Down;
        public int Tries;
        public readonly ConcurrentBag<Guid> Handled = [];
    }

    private sealed class ReminderConsumer(Dependency dependency) : IConsumer<Reminder>
    {
        public Task Consume(ConsumeContext<Reminder> context)
        {
            Interlocked.Increment(ref dependency.Tries);
            if (dependency.Down)
                throw new RedisConnectionException(ConnectionFailureType.UnableToConnect, CommandFlags.None, "Redis is down", null, CommandStatus.Unknown);
            dependency.Handled.Add(context.Message.Id);
            return Task.CompletedTask;
        }
    }

    private static async Task<IHost> StartServiceAsync(Dependency dependency)
    {
        var broker = (await Servers.GetAsync()).RabbitMq;
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = "Sms.RetryProbe" });
        builder.Configuration.AddInMemoryCollection(ShortRetryWaits.Settings);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["RabbitMq:Host"] = broker.Host,
            ["RabbitMq:Port"] = broker.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["RabbitMq:VirtualHost"] = broker.VirtualHost,
            ["RabbitMq:Username"] = broker.Username,
            ["RabbitMq:Password"] = broker.Password,
        });
        builder.Services.AddSingleton(dependency);
        builder.AddSmsMessaging(x => x.AddConsumer<ReminderConsumer>());
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    [Test]
    public async Task Stopping_a_service_while_a_message_waits_out_an_outage_leaves_the_message_on_its_queue_for_the_next_start()
    {
        var reminder = new Reminder { Id = Guid.NewGuid() };
        var during = new Dependency { Down = true };
        // Disposed only at the end: MassTransit's log context outlives a host, and must not outlive its logger factory.
        using var first = await StartServiceAsync(during);
        await first.Services.GetRequiredService<IBus>().Publish(reminder);
        Assert.That(await WithinAsync(TimeSpan.FromSeconds(30), () => Volatile.Read(ref during.Tries) >= 5), Is.True, "tried while Redis is down");
        await first.StopAsync();

        var after = new Dependency();
        using var second = await StartServiceAsync(after);
        var redelivered = await WithinAsync(TimeSpan.FromSeconds(30), () => after.Handled.Contains(reminder.Id));

        Assert.Multiple(() =>
        {
            Assert.That(during.Handled, Is.Empty);
            Assert.That(redelivered, Is.True, "taken from its queue by the next start, not parked in _error");
        });
        await second.StopAsync();
    }

    private static async Task<bool> WithinAsync(TimeSpan limit, Func<bool> condition)
    {
        var until = DateTime.UtcNow + limit;
        while (!condition())
        {
            if (DateTime.UtcNow > until) return false;
            await Task.Delay(20);
        }
        return true;
    }
}
