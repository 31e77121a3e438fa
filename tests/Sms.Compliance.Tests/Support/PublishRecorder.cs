using System.Collections.Concurrent;
using MassTransit;

namespace Sms.Compliance.Tests.Support;

/// <summary>
/// Every publish, duplicates included. The harness's own <c>Published</c> list keeps one entry per message id, so it
/// cannot show that a redelivery published the same message again.
/// </summary>
public sealed class PublishRecorder : IPublishObserver
{
    private readonly ConcurrentQueue<(Guid? MessageId, object Message)> _published = new();

    public IReadOnlyList<(Guid? MessageId, T Message)> Of<T>() where T : class =>
        _published.Where(p => p.Message is T).Select(p => (p.MessageId, (T)p.Message)).ToList();

    /// <summary>
    /// Waits (10 s at most) until a matching message is recorded. The harness may see a publish before this observer's
    /// PostPublish has run, so a count taken right after the harness saw it can still be short.
    /// </summary>
    public async Task WhenRecordedAsync<T>(Func<T, bool> match) where T : class
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!Of<T>().Any(p => match(p.Message)) && DateTime.UtcNow < deadline) await Task.Delay(20);
    }

    public Task PrePublish<T>(PublishContext<T> context) where T : class => Task.CompletedTask;

    public Task PostPublish<T>(PublishContext<T> context) where T : class
    {
        _published.Enqueue((context.MessageId, context.Message));
        return Task.CompletedTask;
    }

    public Task PublishFault<T>(PublishContext<T> context, Exception exception) where T : class => Task.CompletedTask;
}
