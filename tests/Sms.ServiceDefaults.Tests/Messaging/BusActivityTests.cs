using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Sms.ServiceDefaults.Messaging.Watchdog;
using Sms.Testing;

namespace Sms.ServiceDefaults.Tests.Messaging;

/// <summary>
/// Every endpoint's pipeline (<c>UseSmsConsumePipeline</c>, as the services have it) records what the watchdog judges:
/// a consumer at work is a try in progress, not a pending publish; what the outbox releases after it is a pending
/// publish until the broker took it.
/// </summary>
public sealed class BusActivityTests
{
    public sealed record Work
    {
        public required Guid Id { get; init; }
    }

    public sealed record WorkDone
    {
        public required Guid Id { get; init; }
    }

    private sealed class Gates
    {
        public TaskCompletionSource ConsumerMayFinish { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource PublishMayFinish { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class WorkConsumer(Gates gates) : IConsumer<Work>
    {
        public async Task Consume(ConsumeContext<Work> context)
        {
            await gates.ConsumerMayFinish.Task;
            await context.Publish(new WorkDone { Id = context.Message.Id });
        }
    }

    /// <summary>Holds the publish of <see cref="WorkDone"/> as a stuck broker channel would.</summary>
    private sealed class StuckPublish(Gates gates) : IPublishObserver
    {
        public Task PrePublish<T>(PublishContext<T> context) where T : class =>
            context.Message is WorkDone ? gates.PublishMayFinish.Task : Task.CompletedTask;

        public Task PostPublish<T>(PublishContext<T> context) where T : class => Task.CompletedTask;

        public Task PublishFault<T>(PublishContext<T> context, Exception exception) where T : class => Task.CompletedTask;
    }

    [Test]
    public async Task A_consumer_at_work_is_a_try_in_progress_and_its_outbox_publishes_are_pending_until_the_broker_takes_them()
    {
        var gates = new Gates();
        await using var harness = await ConsumerHarness.StartAsync(
            services => services.AddSingleton(gates).AddPublishObserver<StuckPublish>(),
            bus => bus.AddConsumer<WorkConsumer>(),
            new ConsumerHarnessOptions { ServicePipeline = true, Clock = TimeProvider.System });
        var activity = harness.Get<BusActivity>();
        try
        {
            await harness.Bus.Bus.Publish(new Work { Id = Guid.NewGuid() });
            await Eventually(() => activity.Snapshot().RunningAttempts.Count == 1);
            Assert.That(activity.Snapshot().PendingPublishes, Is.Empty, "a consumer at work is not a pending publish");

            gates.ConsumerMayFinish.SetResult();
            await Eventually(() => activity.Snapshot().PendingPublishes.Count == 1);
            Assert.That(activity.Snapshot().PendingPublishes.Single().What, Does.Contain("Work consumer"));

            gates.PublishMayFinish.SetResult();
            await Eventually(() => activity.Snapshot().PendingPublishes.Count == 0
                && activity.Snapshot().RunningAttempts.Count == 0);
            Assert.That(await harness.Bus.Published.Any<WorkDone>(), Is.True);
        }
        finally
        {
            // Before the harness stops: a consumer or publish still held would hold up the stop.
            gates.ConsumerMayFinish.TrySetResult();
            gates.PublishMayFinish.TrySetResult();
        }
    }

    private sealed class BatchWorkConsumer(Gates gates) : IConsumer<Batch<Work>>
    {
        public async Task Consume(ConsumeContext<Batch<Work>> context)
        {
            await gates.ConsumerMayFinish.Task;
            foreach (var work in context.Message)
                await context.Publish(new WorkDone { Id = work.Message.Id });
        }
    }

    [Test]
    public async Task A_batch_consumer_at_work_is_a_try_in_progress_on_its_queue_and_its_outbox_publishes_are_pending()
    {
        var gates = new Gates();
        await using var harness = await ConsumerHarness.StartAsync(
            services => services.AddSingleton(gates).AddPublishObserver<StuckPublish>(),
            bus => bus.AddConsumer<BatchWorkConsumer>(c => c.Options<BatchOptions>(o => o.SetMessageLimit(2).SetTimeLimit(TimeSpan.FromMilliseconds(10)))),
            new ConsumerHarnessOptions { ServicePipeline = true, Clock = TimeProvider.System });
        var activity = harness.Get<BusActivity>();
        try
        {
            await harness.Bus.Bus.Publish(new Work { Id = Guid.NewGuid() });
            await Eventually(() => activity.Snapshot().RunningAttempts.Count == 1);
            var queue = activity.Snapshot().RunningAttempts.Single().Queue;
            Assert.That(queue, Is.EqualTo("BatchWork"), "the try is counted on the batch consumer's own queue");
            Assert.That(activity.Snapshot().Endpoints[queue].LastAttemptStartedAt, Is.GreaterThan(DateTimeOffset.UtcNow.AddMinutes(-1)));

            gates.ConsumerMayFinish.SetResult();
            await Eventually(() => activity.Snapshot().PendingPublishes.Count == 1);
            Assert.That(activity.Snapshot().PendingPublishes.Single().What, Does.Contain("Batch"));

            gates.PublishMayFinish.SetResult();
            await Eventually(() => activity.Snapshot().PendingPublishes.Count == 0
                && activity.Snapshot().RunningAttempts.Count == 0);
            Assert.That(await harness.Bus.Published.Any<WorkDone>(), Is.True);
        }
        finally
        {
            gates.ConsumerMayFinish.TrySetResult();
            gates.PublishMayFinish.TrySetResult();
        }
    }

    private static async Task Eventually(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail("The bus activity did not reach the expected state within 10 s.");
            await Task.Delay(20);
        }
    }
}
