using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using MassTransit;
using MassTransit.Testing;
using Microsoft.Extensions.DependencyInjection;
using Sms.Testing;
using StackExchange.Redis;

namespace Sms.ServiceDefaults.Tests.Messaging;

/// <summary>
/// The retry every service's endpoints get (<c>UseSmsMessageRetry</c>), configured from <c>Messaging:Retry:*</c> with
/// millisecond waits (<see cref="ShortRetryWaits"/>), on the shared <see cref="ConsumerHarness"/>, around a consumer that fails as each test says.
/// </summary>
public class UseSmsMessageRetryTests
{
    public sealed record Work
    {
        public required Guid Id { get; init; }
    }

    /// <summary>How the consumer fails on each attempt (from 1); null: it succeeds.</summary>
    private sealed class Script(Func<int, Exception?> failure)
    {
        private readonly ConcurrentDictionary<Guid, int> _attempts = new();

        public int AttemptsOf(Guid id) => _attempts.GetValueOrDefault(id);

        public Exception? Next(Guid id) => failure(_attempts.AddOrUpdate(id, 1, (_, n) => n + 1));
    }

    private sealed class WorkConsumer(Script script) : IConsumer<Work>
    {
        public Task Consume(ConsumeContext<Work> context) =>
            script.Next(context.Message.Id) is { } failure ? Task.FromException(failure) : Task.CompletedTask;
    }

    private static async Task<int> RunAsync(Script script, Func<ITestHarness, Guid, Task> assert)
    {
        await using var harness = await ConsumerHarness.StartAsync(
            services => services.AddSingleton(script),
            bus => bus.AddConsumer<WorkConsumer>(),
            new ConsumerHarnessOptions { ServiceRetry = true });
        var work = new Work { Id = Guid.NewGuid() };
        await harness.Bus.Bus.Publish(work);
        await assert(harness.Bus, work.Id);
        return script.AttemptsOf(work.Id);
    }

    private static Task<bool> FaultedAsync(ITestHarness harness, Guid id) =>
        harness.Published.Any<Fault<Work>>(m => m.Context.Message.Message.Id == id);

    private static Task<bool> ConsumedWithoutErrorAsync(ITestHarness harness, Guid id) =>
        harness.Consumed.Any<Work>(m => m.Context.Message.Id == id && m.Exception is null);

    [Test]
    public async Task A_message_waits_out_an_outage_that_outlasts_the_retries_for_other_failures_and_is_handled_without_a_fault()
    {
        // Forty attempts fail because Redis cannot be reached (far more than the five retries other failures get).
        var script = new Script(attempt => attempt <= 40 ? new RedisConnectionException(ConnectionFailureType.UnableToConnect, CommandFlags.None, "down", null, CommandStatus.Unknown) : null);

        var attempts = await RunAsync(script, async (harness, id) =>
        {
            Assert.That(await ConsumedWithoutErrorAsync(harness, id), Is.True, "handled once Redis is back");
            Assert.That(await FaultedAsync(harness, id), Is.False);
        });

        Assert.That(attempts, Is.EqualTo(41));
    }

    [Test]
    public async Task Any_other_failure_is_retried_five_times_and_then_faults()
    {
        var script = new Script(_ => new InvalidOperationException("a bug"));

        var attempts = await RunAsync(script, async (harness, id) =>
            Assert.That(await FaultedAsync(harness, id), Is.True, "given up: the Fault goes out and the message to _error"));

        Assert.That(attempts, Is.EqualTo(6), "the first attempt and five retries");
    }

    [Test]
    public async Task Bad_input_faults_at_once()
    {
        var script = new Script(_ => new ValidationException("not E.164"));

        var attempts = await RunAsync(script, async (harness, id) => Assert.That(await FaultedAsync(harness, id), Is.True));

        Assert.That(attempts, Is.EqualTo(1));
    }
}
